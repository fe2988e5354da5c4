package dev.slipway.layerstore.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.common.oci.InvalidReferenceException;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.layerstore.auth.Requirement;
import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Which scope each {@code /v2} request needs, read from its method and path before anything is looked up. */
class AccessRulesTest {

    private static final String DIGEST = "sha256:" + "a".repeat(64);
    private static final String SESSION = "0b5e4d9a-1c2d-4e5f-8a9b-0c1d2e3f4a5b";

    private static String needed(HttpMethod method, String path) {
        return AccessRules.requirement(method, path).needed().map(Object::toString).orElse("any valid token");
    }

    private static String advertised(HttpMethod method, String path) {
        return AccessRules.requirement(method, path).advertised().map(Object::toString).orElse("none");
    }

    @Test
    void readsNeedPullWritesPushDeletesDelete() {
        assertThat(needed(HttpMethod.GET, "/v2/ouruser/app/manifests/v1")).isEqualTo("repository:ouruser/app:pull");
        assertThat(needed(HttpMethod.HEAD, "/v2/ouruser/app/blobs/" + DIGEST)).isEqualTo("repository:ouruser/app:pull");
        assertThat(needed(HttpMethod.GET, "/v2/ouruser/app/tags/list")).isEqualTo("repository:ouruser/app:pull");
        assertThat(needed(HttpMethod.GET, "/v2/ouruser/app/referrers/" + DIGEST))
                .isEqualTo("repository:ouruser/app:pull");
        assertThat(needed(HttpMethod.GET, "/v2/ouruser/app/blobs/uploads/" + SESSION))
                .isEqualTo("repository:ouruser/app:pull");
        for (String path : List.of("/v2/ouruser/app/blobs/uploads/", "/v2/ouruser/app/blobs/uploads",
                "/v2/ouruser/app/blobs/uploads/" + SESSION, "/v2/ouruser/app/manifests/v1")) {
            HttpMethod method = path.endsWith("/v1") ? HttpMethod.PUT : HttpMethod.POST;
            assertThat(needed(method, path)).as(path).isEqualTo("repository:ouruser/app:push");
            assertThat(advertised(method, path)).as(path).isEqualTo("repository:ouruser/app:pull,push");
        }
        assertThat(needed(HttpMethod.PATCH, "/v2/ouruser/app/blobs/uploads/" + SESSION))
                .isEqualTo("repository:ouruser/app:push");
        assertThat(needed(HttpMethod.PUT, "/v2/ouruser/app/blobs/uploads/" + SESSION))
                .isEqualTo("repository:ouruser/app:push");
        assertThat(needed(HttpMethod.DELETE, "/v2/ouruser/app/manifests/" + DIGEST))
                .isEqualTo("repository:ouruser/app:delete");
        assertThat(needed(HttpMethod.DELETE, "/v2/ouruser/app/blobs/" + DIGEST))
                .isEqualTo("repository:ouruser/app:delete");
        assertThat(needed(HttpMethod.DELETE, "/v2/ouruser/app/blobs/uploads/" + SESSION))
                .as("cancelling an upload is part of pushing").isEqualTo("repository:ouruser/app:push");
    }

    @Test
    void catalogAndBaseAndUnknownPaths() {
        assertThat(needed(HttpMethod.GET, "/v2/_catalog")).isEqualTo("registry:catalog:*");
        assertThat(AccessRules.requirement(HttpMethod.GET, "/v2/")).isEqualTo(Requirement.ANY_VALID_TOKEN);
        assertThat(AccessRules.requirement(HttpMethod.GET, "/v2")).isEqualTo(Requirement.ANY_VALID_TOKEN);
        assertThat(AccessRules.requirement(HttpMethod.GET, "/v2/ouruser/app")).isEqualTo(Requirement.ANY_VALID_TOKEN);
        assertThat(AccessRules.requirement(HttpMethod.GET, "/v2/Bad_Name/manifests/v1"))
                .as("an impossible name is left to the resource's NAME_INVALID").isEqualTo(Requirement.ANY_VALID_TOKEN);
    }

    @Test
    void repositoryNamesMayContainTheMarkerWords() {
        assertThat(needed(HttpMethod.GET, "/v2/a/blobs/manifests/v1")).isEqualTo("repository:a/blobs:pull");
        assertThat(needed(HttpMethod.GET, "/v2/tags/list/tags/list")).isEqualTo("repository:tags/list:pull");
        assertThat(needed(HttpMethod.POST, "/v2/x/blobs/uploads/blobs/uploads/"))
                .isEqualTo("repository:x/blobs/uploads:push");
        assertThat(needed(HttpMethod.GET, "/v2/manifests/manifests/x")).isEqualTo("repository:manifests:pull");
    }

    @Test
    void anEncodedNameIsCheckedAsTheResourcesDecodeIt() {
        assertThat(needed(HttpMethod.GET, "/v2/ouruser%2Fapp/manifests/v1")).isEqualTo("repository:ouruser/app:pull");
        assertThat(needed(HttpMethod.GET, "/v2/ouruser%2fapp/manifests/v1")).isEqualTo("repository:ouruser/app:pull");
        assertThat(AccessRules.requirement(HttpMethod.GET, "/v2/ouruser%2/manifests/v1"))
                .isEqualTo(Requirement.ANY_VALID_TOKEN);
    }

    /** The repository the rules check is the one the routes' own patterns (greedy names) take from the path. */
    @Test
    void theNameCheckedIsTheNameTheRoutesServe() {
        List<Pattern> routes = List.of(Pattern.compile("/v2/(.+)/blobs/uploads/[^/]+"),
                Pattern.compile("/v2/(.+)/blobs/uploads/?"), Pattern.compile("/v2/(.+)/blobs/[^/]+"),
                Pattern.compile("/v2/(.+)/manifests/[^/]+"), Pattern.compile("/v2/(.+)/tags/list"),
                Pattern.compile("/v2/(.+)/referrers/[^/]+"));
        List<String> segments = List.of("a", "blobs", "uploads", "manifests", "tags", "list", "referrers", "v1", "");
        int checked = 0;
        for (String s1 : segments) {
            for (String s2 : segments) {
                for (String s3 : segments) {
                    for (String s4 : segments) {
                        String path = "/v2/" + s1 + "/" + s2 + "/" + s3 + "/" + s4;
                        Optional<String> routeName = routes.stream().map(route -> route.matcher(path))
                                .filter(Matcher::matches).map(matcher -> matcher.group(1)).findFirst();
                        Optional<String> checkedName = AccessRules.requirement(HttpMethod.GET, path).needed()
                                .map(scope -> scope.name());
                        if (routeName.isPresent() && checkedName.isPresent()) {
                            assertThat(checkedName).as(path).isEqualTo(routeName);
                            checked++;
                        } else if (checkedName.isPresent()) {
                            throw new AssertionError(path + " checked for " + checkedName + " but no route serves it");
                        } else {
                            // no scope: either no route serves it, or the name is one no repository can have
                            routeName.ifPresent(name -> assertThatThrownBy(() -> RepositoryName.parse(name)).as(path)
                                    .isInstanceOf(InvalidReferenceException.class));
                        }
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(100);
    }
}
