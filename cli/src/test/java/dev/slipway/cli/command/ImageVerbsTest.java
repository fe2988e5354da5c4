package dev.slipway.cli.command;

import static dev.slipway.cli.command.CliTestSupport.emptyConfigDir;
import static dev.slipway.cli.command.CliTestSupport.slip;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** images, tag, rmi, search, inspect and history against a real HTTP server standing in for the gateway. */
@QuarkusMainTest
class ImageVerbsTest {

    private static final String CONFIG_ID = "sha256:5db5f84712613a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293";
    private static FakeGateway gateway;
    private Path config;

    @BeforeAll
    static void startGateway() throws IOException {
        gateway = FakeGateway.start();
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
    }

    @BeforeEach
    void fresh() {
        gateway.reset();
        config = emptyConfigDir();
    }

    private LaunchResult slip(QuarkusMainLauncher launcher, String... args) {
        return CliTestSupport.slip(launcher, gateway.url(), config, args);
    }

    private static String image(String repository, String tag, String id, Instant created, long size) {
        return "{\"repository\":\"" + repository + "\",\"tag\":\"" + tag + "\",\"id\":\"" + id
                + "\",\"digest\":\"sha256:" + "d".repeat(64) + "\",\"created\":\"" + created + "\",\"size\":" + size + "}";
    }

    @Test
    void imagesPrintsDockersTableNewestFirst(QuarkusMainLauncher launcher) {
        Instant now = Instant.now();
        gateway.json("GET", "/api/v1/images", 200, "["
                + image("library/ubuntu", "14.04", "sha256:" + "0".repeat(64), now.minus(21, ChronoUnit.DAYS), 188_300_000)
                + "," + image("ouruser/sinatra", "v2", CONFIG_ID, now.minus(11, ChronoUnit.HOURS), 446_700_000) + "]");

        LaunchResult result = slip(launcher, "images");

        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).isEqualTo(""
                + "REPOSITORY        TAG       IMAGE ID       CREATED        SIZE\n"
                + "ouruser/sinatra   v2        5db5f8471261   11 hours ago   446.7MB\n"
                + "ubuntu            14.04     000000000000   3 weeks ago    188.3MB");
    }

    @Test
    void imagesFiltersByReferenceAndKnowsQuietDigestsAndJson(QuarkusMainLauncher launcher) {
        Instant created = Instant.parse("2026-01-02T03:04:05Z");
        gateway.json("GET", "/api/v1/images", 200, "[" + image("ouruser/sinatra", "devel", CONFIG_ID, created, 1000) + "]");

        assertThat(slip(launcher, "images", "-q", "ouruser/sinatra").getOutput()).isEqualTo("5db5f8471261");
        assertThat(gateway.last("GET", "/api/v1/images").uri()).isEqualTo("/api/v1/images?reference=ouruser%2Fsinatra");
        assertThat(slip(launcher, "images", "--digests").getOutput())
                .startsWith("REPOSITORY        TAG       DIGEST ").contains("sha256:" + "d".repeat(64));
        assertThat(slip(launcher, "images", "--format", "json").getOutput())
                .contains("\"Repository\":\"ouruser/sinatra\"", "\"Tag\":\"devel\"", "\"ID\":\"5db5f8471261\"",
                        "\"Size\":\"1kB\"", "\"CreatedAt\":\"2026-01-02 03:04:05 +0000 UTC\"");
        assertThat(slip(launcher, "images", "--format", "{{.Repository}}:{{.Tag}}").getOutput())
                .isEqualTo("ouruser/sinatra:devel");
    }

    @Test
    void imagesWithoutAValidTokenSaysHowToLogIn(QuarkusMainLauncher launcher) {
        gateway.problem("GET", "/api/v1/images", 401, "unauthorized", "missing or invalid bearer token");
        LaunchResult result = slip(launcher, "images");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.getErrorOutput()).isEqualTo(
                "Error: unauthorized: missing or invalid bearer token (run 'slip login' or set SLIPWAY_TOKEN)");
    }

    @Test
    void tagSendsTheTargetAndPrintsNothing(QuarkusMainLauncher launcher) {
        gateway.json("POST", "/api/v1/images/ouruser/sinatra:v2/tag", 201, "{}");
        LaunchResult result = slip(launcher, "tag", "ouruser/sinatra:v2", "ouruser/sinatra:devel");
        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).isEmpty();
        assertThat(gateway.last("POST", "/api/v1/images/").bodyText()).isEqualTo("{\"target\":\"ouruser/sinatra:devel\"}");
    }

    @Test
    void tagByImageIdTagsTheImageWithThatId(QuarkusMainLauncher launcher) {
        gateway.json("GET", "/api/v1/images", 200, "["
                + image("library/ubuntu", "14.04", "sha256:" + "0".repeat(64), Instant.now(), 1)
                + "," + image("ouruser/sinatra", "v2", CONFIG_ID, Instant.now(), 1) + "]");
        gateway.json("POST", "/api/v1/images/ouruser/sinatra:v2/tag", 201, "{}");

        LaunchResult result = slip(launcher, "tag", CONFIG_ID.substring(7, 19), "ouruser/sinatra:devel");

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(gateway.last("POST", "/api/v1/images/").bodyText()).isEqualTo("{\"target\":\"ouruser/sinatra:devel\"}");
    }

    @Test
    void tagOfAnUnknownImageOrIntoAForeignNamespaceSaysSoInOneLine(QuarkusMainLauncher launcher) {
        gateway.problem("POST", "/api/v1/images/ouruser/sinatra:v3/tag", 404, "image-not-found", "no such image: ouruser/sinatra:v3");
        LaunchResult missing = slip(launcher, "tag", "ouruser/sinatra:v3", "ouruser/sinatra:devel");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.getErrorOutput()).isEqualTo("Error: image \"ouruser/sinatra:v3\" not found");

        gateway.problem("POST", "/api/v1/images/ouruser/sinatra:v2/tag", 403, "forbidden", "ouruser may not write to training");
        LaunchResult forbidden = slip(launcher, "tag", "ouruser/sinatra:v2", "training/sinatra:v2");
        assertThat(forbidden.exitCode()).isEqualTo(1);
        assertThat(forbidden.getErrorOutput()).isEqualTo("Error: not allowed to write to training/sinatra");
    }

    @Test
    void tagNeedsTwoValidNames(QuarkusMainLauncher launcher) {
        LaunchResult one = slip(launcher, "tag", "ouruser/sinatra:v2");
        assertThat(one.exitCode()).isEqualTo(125);
        assertThat(one.getErrorOutput()).contains("Error: Missing required parameter", "See 'slip tag --help'.");
        LaunchResult bad = slip(launcher, "tag", "ouruser/sinatra:v2", "Ouruser/Sinatra");
        assertThat(bad.exitCode()).isEqualTo(125);
        assertThat(bad.getErrorOutput()).contains("repository name must be lowercase");
        assertThat(gateway.requests()).isEmpty();
    }

    @Test
    void rmiPrintsUntaggedAndDeletedAndGoesOnAfterAFailure(QuarkusMainLauncher launcher) {
        gateway.json("DELETE", "/api/v1/images/training/sinatra", 200,
                "{\"untagged\":[\"training/sinatra:latest\",\"training/sinatra@sha256:" + "a".repeat(64)
                        + "\"],\"deleted\":[\"" + CONFIG_ID + "\"]}");
        gateway.problem("DELETE", "/api/v1/images/ouruser/sinatra:v3", 404, "image-not-found", "no such image");

        LaunchResult result = slip(launcher, "rmi", "ouruser/sinatra:v3", "training/sinatra");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.getOutput()).isEqualTo("Untagged: training/sinatra:latest\n"
                + "Untagged: training/sinatra@sha256:" + "a".repeat(64) + "\n"
                + "Deleted: " + CONFIG_ID);
        assertThat(result.getErrorOutput()).isEqualTo("Error: image \"ouruser/sinatra:v3\" not found");
    }

    @Test
    void rmiForceAndForbidden(QuarkusMainLauncher launcher) {
        gateway.problem("DELETE", "/api/v1/images/training/sinatra", 403, "forbidden", "not yours");
        LaunchResult result = slip(launcher, "rmi", "-f", "training/sinatra");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.getErrorOutput()).isEqualTo("Error: not allowed to remove training/sinatra:latest");
        assertThat(gateway.last("DELETE", "/api/v1/images/").uri()).isEqualTo("/api/v1/images/training/sinatra?force=true");
    }

    @Test
    void searchPrintsTheTableWithTruncatedDescriptionsAndFilters(QuarkusMainLauncher launcher) {
        gateway.json("GET", "/api/v1/search", 200, "["
                + "{\"name\":\"training/sinatra\",\"description\":\"Sinatra image for the Docker tutorial, with ruby and json\",\"stars\":12,\"official\":false,\"automated\":true},"
                + "{\"name\":\"sinatra\",\"description\":\"official\",\"stars\":900,\"official\":true,\"automated\":false},"
                + "{\"name\":\"someone/sinatra\",\"description\":null,\"stars\":0,\"official\":false,\"automated\":false}]");

        LaunchResult all = slip(launcher, "search", "sinatra");
        assertThat(all.exitCode()).isZero();
        assertThat(all.getOutput()).isEqualTo(""
                + "NAME               DESCRIPTION                                     STARS     OFFICIAL   AUTOMATED\n"
                + "training/sinatra   Sinatra image for the Docker tutorial, with …   12                   [OK]\n"
                + "sinatra            official                                        900       [OK]       \n"
                + "someone/sinatra                                                    0                    ");
        assertThat(gateway.last("GET", "/api/v1/search").uri()).isEqualTo("/api/v1/search?q=sinatra&limit=25");

        LaunchResult starred = slip(launcher, "search", "--filter", "stars=10", "--filter", "is-official=false",
                "--limit", "5", "--format", "{{.Name}} {{.StarCount}}", "sinatra");
        assertThat(starred.getOutput()).isEqualTo("training/sinatra 12");
        assertThat(gateway.last("GET", "/api/v1/search").uri()).endsWith("limit=5");
    }

    @Test
    void searchRejectsUnknownFiltersAndReportsAnUnavailableUpstream(QuarkusMainLauncher launcher) {
        LaunchResult bad = slip(launcher, "search", "--filter", "color=red", "sinatra");
        assertThat(bad.exitCode()).isEqualTo(125);
        assertThat(bad.getErrorOutput()).startsWith("Error: invalid filter 'color'");
        gateway.problem("GET", "/api/v1/search", 503, "search-unavailable", "the upstream registry did not answer");
        LaunchResult down = slip(launcher, "search", "sinatra");
        assertThat(down.exitCode()).isEqualTo(1);
        assertThat(down.getErrorOutput()).isEqualTo("Error: the upstream registry did not answer");
    }

    private static final String DETAIL = "{\"digest\":\"sha256:" + "e".repeat(64) + "\","
            + "\"manifest\":{\"schemaVersion\":2,\"config\":{\"digest\":\"" + CONFIG_ID + "\",\"size\":900},"
            + "\"layers\":[{\"digest\":\"sha256:" + "1".repeat(64) + "\",\"size\":2100000},"
            + "{\"digest\":\"sha256:" + "2".repeat(64) + "\",\"size\":35000}]},"
            + "\"config\":{\"created\":\"2026-11-28T07:00:00Z\",\"author\":\"Tutorial Author <author@example.com>\","
            + "\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"/bin/sh\"],\"Env\":[\"PATH=/bin\"]},"
            + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:" + "3".repeat(64) + "\",\"sha256:" + "4".repeat(64) + "\"]},"
            + "\"history\":[{\"created\":\"2026-11-01T00:00:00Z\",\"created_by\":\"/bin/sh -c #(nop) ADD file:0123456789abcdef0123456789abcdef in / \"},"
            + "{\"created\":\"2026-11-01T00:00:01Z\",\"created_by\":\"/bin/sh -c #(nop)  CMD [\\\"/bin/sh\\\"]\",\"empty_layer\":true},"
            + "{\"created\":\"2026-11-28T07:00:00Z\",\"created_by\":\"/bin/sh -c gem install json\",\"author\":\"Tutorial Author <author@example.com>\",\"comment\":\"Added json gem\"}]}}";

    @Test
    void inspectPrintsDockersFieldsAndTheManifest(QuarkusMainLauncher launcher) {
        gateway.json("GET", "/api/v1/images/ouruser/sinatra:v2/json", 200, DETAIL);
        LaunchResult result = slip(launcher, "inspect", "ouruser/sinatra:v2");
        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).startsWith("[\n    {\n        \"Id\" : \"" + CONFIG_ID + "\",")
                .contains("\"RepoTags\" : [\n            \"ouruser/sinatra:v2\"\n        ]",
                        "\"Author\" : \"Tutorial Author <author@example.com>\"", "\"Comment\" : \"Added json gem\"",
                        "\"Size\" : 2135000", "\"Manifest\" : {");

        LaunchResult formatted = slip(launcher, "inspect", "--format", "{{.Author}}|{{.Comment}}|{{.Config.Cmd}}",
                "ouruser/sinatra:v2");
        assertThat(formatted.getOutput()).isEqualTo("Tutorial Author <author@example.com>|Added json gem|[/bin/sh]");
    }

    @Test
    void inspectAndHistoryOfAnUnknownImage(QuarkusMainLauncher launcher) {
        gateway.problem("GET", "/api/v1/images/ouruser/sinatra:v3/json", 404, "image-not-found", "no such image");
        LaunchResult inspect = slip(launcher, "inspect", "ouruser/sinatra:v3");
        assertThat(inspect.exitCode()).isEqualTo(1);
        assertThat(inspect.getErrorOutput()).isEqualTo("Error: image \"ouruser/sinatra:v3\" not found");
        assertThat(inspect.getOutput()).isEqualTo("[ ]");
        LaunchResult history = slip(launcher, "history", "ouruser/sinatra:v3");
        assertThat(history.exitCode()).isEqualTo(1);
        assertThat(history.getErrorOutput()).isEqualTo("Error: image \"ouruser/sinatra:v3\" not found");
    }

    @Test
    void historyListsStepsNewestFirstWithLayerSizesAndComments(QuarkusMainLauncher launcher) {
        gateway.json("GET", "/api/v1/images/ouruser/sinatra:v2/json", 200, DETAIL);
        LaunchResult result = slip(launcher, "history", "ouruser/sinatra:v2");
        assertThat(result.exitCode()).isZero();
        String[] lines = result.getOutput().split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).startsWith("IMAGE          CREATED ").contains("CREATED BY", "SIZE", "COMMENT");
        assertThat(lines[1]).startsWith("5db5f8471261   ").contains("/bin/sh -c gem install json", "35kB", "Added json gem");
        assertThat(lines[2]).startsWith("<missing>      ").contains("/bin/sh -c #(nop)  CMD [\"/bin/sh\"]", "0B");
        assertThat(lines[3]).startsWith("<missing>      ")
                .contains("/bin/sh -c #(nop) ADD file:0123456789abcdef0…", "2.1MB");
    }
}
