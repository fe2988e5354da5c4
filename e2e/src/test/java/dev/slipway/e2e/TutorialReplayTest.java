package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.e2e.client.Api;
import dev.slipway.e2e.client.Slip;
import dev.slipway.e2e.client.SlipResult;
import dev.slipway.e2e.farm.Farm;
import dev.slipway.e2e.farm.FarmOptions;
import dev.slipway.e2e.hub.HubImages;
import dev.slipway.e2e.hub.Skopeo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 8: the Docker images tutorial replayed with {@code slip} on a running farm whose "Docker Hub" is a loopback
 * docker-registry seeded with busybox-based stand-ins. Each step checks its effect, not only slip's exit code: what
 * the farm's registry and the upstream hold (skopeo), what a container of the resulting image sees, what history and
 * inspect report. The steps build on each other, in the tutorial's order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TutorialReplayTest {

    private static final String AUTHOR = "Tutorial Author <author@example.com>";
    private static final String MAINTAINER = "Kate Smith <ksmith@example.com>";
    private static final Pattern IMAGE_ID = Pattern.compile("Successfully built ([0-9a-f]{12})");

    private static Farm farm;
    private static Path work;
    /** slip as ouruser, the tutorial's Docker Hub user. */
    private static Slip slip;
    /** slip as the farm's administrator (system-owned repositories such as training/* are the admin's to remove). */
    private static Slip admin;
    private static String builtId;

    @BeforeAll
    static void startFarm() throws Exception {
        farm = Farm.start("TutorialReplayTest", FarmOptions.defaults());
        work = farm.scratchDir("tutorial");
        HubImages.seed(farm.hubAddress(), work.resolve("hub"));
        Api adminApi = new Api(farm::gatewayUrl, farm.adminToken());
        String ouruserToken = adminApi.createUser("ouruser");
        Path config = Files.createDirectories(work.resolve("slip-config"));
        slip = new Slip(farm.checkout().quarkusRunJar("cli"), farm.gatewayUrl().toString(), ouruserToken, config)
                .withTranscript(farm.logDir().resolve("transcript.txt"));
        admin = slip.as(farm.adminToken());
    }

    @AfterAll
    static void stopFarm() {
        if (farm != null) {
            farm.close();
        }
    }

    @Test
    @Order(1)
    void imagesListsWhatWasPulled() {
        for (String image : List.of("ubuntu:14.04", "ubuntu:12.04", "training/sinatra")) {
            slip.run("pull", image).expectSuccess();
        }

        SlipResult images = slip.run("images").expectSuccess();

        List<String> lines = images.out().lines().toList();
        assertThat(lines.get(0)).containsSubsequence("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
        assertThat(row(lines, "ubuntu", "14.04")).contains(imageId("library/ubuntu:14.04"));
        assertThat(row(lines, "ubuntu", "12.04")).contains(imageId("library/ubuntu:12.04"));
        assertThat(row(lines, "training/sinatra", "latest")).contains(imageId("training/sinatra:latest"));
    }

    @Test
    @Order(2)
    void pullCentos() {
        SlipResult pull = slip.run("pull", "centos").expectSuccess();

        String hubDigest = Skopeo.manifestDigest(farm.hubAddress(), "library/centos:latest");
        assertThat(pull.out()).contains("Using default tag: latest")
                .contains("Digest: " + hubDigest)
                .contains("Status: Downloaded newer image for centos:latest");
        // The layers it shares with the ubuntu stand-ins were not fetched again.
        assertThat(pull.out()).contains("Already exists");
        assertThat(row(slip.run("images", "centos").expectSuccess().out().lines().toList(), "centos", "latest"))
                .contains(imageId("library/centos:latest"));
    }

    @Test
    @Order(3)
    void searchFindsTrainingSinatra() {
        SlipResult search = slip.run("search", "sinatra").expectSuccess();

        List<String> lines = search.out().lines().toList();
        assertThat(lines.get(0)).containsSubsequence("NAME", "DESCRIPTION", "STARS", "OFFICIAL", "AUTOMATED");
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("training/sinatra "));
    }

    @Test
    @Order(4)
    void runThenCommitWithMessageAndAuthor() {
        SlipResult run = slip.run("run", "training/sinatra", "sh", "-c",
                "mkdir -p /gems && echo 'json (1.8.1)' > /gems/json && echo Successfully installed json-1.8.1")
                .expectSuccess();
        assertThat(run.out()).contains("Successfully installed json-1.8.1");
        String container = lastLine(run.err());
        assertThat(container).matches("[0-9a-f]{12,64}");

        // The id as slip run printed it (a 12-character prefix, as docker accepts, is not resolved by the farm yet).
        SlipResult commit = slip.run("commit", "-m", "Added json gem", "-a", AUTHOR, container, "ouruser/sinatra:v2")
                .expectSuccess();
        assertThat(lastLine(commit.out())).matches("sha256:[0-9a-f]{64}");

        SlipResult history = slip.run("history", "ouruser/sinatra:v2").expectSuccess();
        assertThat(history.out().lines().skip(1).findFirst().orElseThrow()).contains("Added json gem");
        assertThat(slip.run("inspect", "--format", "{{.Author}}", "ouruser/sinatra:v2").expectSuccess().out().trim())
                .isEqualTo(AUTHOR);
        assertThat(slip.run("inspect", "--format", "{{.Comment}}", "ouruser/sinatra:v2").expectSuccess().out().trim())
                .isEqualTo("Added json gem");
        // The committed image carries the container's change.
        assertThat(slip.run("run", "ouruser/sinatra:v2", "cat", "/gems/json").expectSuccess().out())
                .isEqualTo("json (1.8.1)\n");
    }

    @Test
    @Order(5)
    void buildTheTutorialsDockerfile() throws Exception {
        Path context = Files.createDirectories(work.resolve("sinatra"));
        Files.writeString(context.resolve("Dockerfile"), String.join("\n",
                "# This is a comment",
                "FROM ubuntu:14.04",
                "MAINTAINER " + MAINTAINER,
                "RUN mkdir -p /var/lib/apt && echo 'ruby ruby-dev' > /var/lib/apt/installed",
                "RUN mkdir -p /gems && echo 'sinatra (1.4.5)' > /gems/sinatra",
                "RUN rm /etc/stand-in",
                ""));

        SlipResult build = slip.runIn(context, "build", "-t", "ouruser/sinatra:v2", ".").expectSuccess();

        assertThat(build.out()).contains("Step 1/5 : FROM ubuntu:14.04")
                .contains("Step 2/5 : MAINTAINER " + MAINTAINER)
                .contains("Step 5/5 : RUN rm /etc/stand-in")
                .contains(" ---> Running in ")
                .contains("Successfully tagged ouruser/sinatra:v2");
        Matcher built = IMAGE_ID.matcher(build.out());
        assertThat(built.find()).as("Successfully built <id> in\n%s", build.out()).isTrue();
        builtId = built.group(1);

        assertThat(slip.run("inspect", "--format", "{{.Author}}", "ouruser/sinatra:v2").expectSuccess().out().trim())
                .isEqualTo(MAINTAINER);
        SlipResult inside = slip.run("run", "ouruser/sinatra:v2", "sh", "-c",
                "cat /var/lib/apt/installed /gems/sinatra; test -e /etc/stand-in && echo still-there || echo removed")
                .expectSuccess();
        assertThat(inside.out()).isEqualTo("ruby ruby-dev\nsinatra (1.4.5)\nremoved\n");
    }

    @Test
    @Order(6)
    void tagByImageIdThenImagesShowsEveryTag() {
        slip.run("tag", builtId, "ouruser/sinatra:devel").expectSuccess();

        List<String> lines = slip.run("images", "ouruser/sinatra").expectSuccess().out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(row(lines, "ouruser/sinatra", "v2")).contains(builtId);
        assertThat(row(lines, "ouruser/sinatra", "devel")).contains(builtId);
    }

    @Test
    @Order(7)
    void historyShowsTheBuildSteps() {
        List<String> lines = slip.run("history", "--no-trunc", "ouruser/sinatra:v2").expectSuccess().out().lines()
                .toList();

        assertThat(lines.get(0)).containsSubsequence("IMAGE", "CREATED", "CREATED BY", "SIZE", "COMMENT");
        // Newest first, as docker prints it: the three RUNs, MAINTAINER, then the base image's own history.
        assertThat(lines.get(1)).contains("rm /etc/stand-in");
        assertThat(lines.get(2)).contains("echo 'sinatra (1.4.5)' > /gems/sinatra");
        assertThat(lines.get(3)).contains("echo 'ruby ruby-dev' > /var/lib/apt/installed");
        assertThat(lines.get(4)).contains("MAINTAINER " + MAINTAINER);
        assertThat(lines.get(5)).contains("ADD stand-in /etc/stand-in");
    }

    @Test
    @Order(8)
    void pushLandsEveryTagUpstream() {
        SlipResult push = slip.run("push", "ouruser/sinatra").expectSuccess();

        assertThat(push.out()).contains("The push refers to repository").contains("v2: digest: sha256:")
                .contains("devel: digest: sha256:");
        assertThat(Skopeo.listTags(farm.hubAddress(), "ouruser/sinatra")).containsExactlyInAnyOrder("v2", "devel");
        String farmDigest = farmDigest("ouruser/sinatra:v2");
        assertThat(Skopeo.manifestDigest(farm.hubAddress(), "ouruser/sinatra:v2")).isEqualTo(farmDigest);
        assertThat(Skopeo.manifestDigest(farm.hubAddress(), "ouruser/sinatra:devel")).isEqualTo(farmDigest);
        assertThat(Skopeo.config(farm.hubAddress(), "ouruser/sinatra:v2").path("author").asText())
                .isEqualTo(MAINTAINER);
    }

    @Test
    @Order(9)
    void rmiUntagsAndDeletes() {
        SlipResult refused = slip.run("rmi", "training/sinatra");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err().lines().toList()).singleElement().asString().startsWith("Error: ");

        SlipResult rmi = admin.run("rmi", "training/sinatra").expectSuccess();

        assertThat(rmi.out()).contains("Untagged: training/sinatra:latest").contains("Deleted: sha256:");
        assertThat(slip.run("images", "training/sinatra").expectSuccess().out().lines()).hasSize(1);
        // Only that image went: the others sharing its base layer are intact and still run.
        assertThat(slip.run("run", "centos", "cat", "/etc/stand-in").expectSuccess().out())
                .isEqualTo("stand-in for library/centos:latest\n");
    }

    @Test
    @Order(10)
    void errorsAreOneLineWithDockersExitCodes() {
        SlipResult unknown = slip.run("pull", "nosuchuser/nosuchimage");
        assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(1);
        assertThat(unknown.err().lines().toList()).as(unknown.toString()).singleElement().asString()
                .startsWith("Error: ").contains("nosuchuser/nosuchimage");

        SlipResult forbidden = slip.run("tag", "centos", "training/sinatra:mine");
        assertThat(forbidden.exitCode()).as(forbidden.toString()).isEqualTo(1);
        assertThat(forbidden.err().lines().toList()).as(forbidden.toString()).singleElement().asString()
                .startsWith("Error: ").contains("training/sinatra");

        SlipResult missing = slip.run("history", "ouruser/sinatra:v3");
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(1);
        assertThat(missing.err().trim()).as(missing.toString()).isEqualTo("Error: image \"ouruser/sinatra:v3\" not found");

        String down = "http://127.0.0.1:1";
        SlipResult unreachable = slip.at(down).run("images");
        assertThat(unreachable.exitCode()).as(unreachable.toString()).isEqualTo(1);
        assertThat(unreachable.err().lines().toList()).as(unreachable.toString()).singleElement().asString()
                .startsWith("Error: ").contains(down);

        SlipResult usage = slip.run("build", "--no-such-flag", ".");
        assertThat(usage.exitCode()).as(usage.toString()).isEqualTo(125);
    }

    /** @return the 12-character image id (config digest) of a Hub image, as docker images shows it */
    private static String imageId(String hubReference) {
        String config = Skopeo.rawManifest(farm.hubAddress(), hubReference).path("config").path("digest").asText();
        return config.substring("sha256:".length(), "sha256:".length() + 12);
    }

    /** @return the manifest digest the farm stores for a reference ({@code slip images --digests}) */
    private static String farmDigest(String reference) {
        String[] parts = reference.split(":");
        return slip.run("images", "--digests", parts[0]).expectSuccess().out().lines()
                .filter(line -> columns(line).length > 1 && columns(line)[1].equals(parts[1]))
                .map(line -> columns(line)[2])
                .findFirst().orElseThrow(() -> new AssertionError("no digest of " + reference));
    }

    /** @return the table row of a repository and tag */
    private static String row(List<String> lines, String repository, String tag) {
        return lines.stream()
                .filter(line -> {
                    String[] cells = columns(line);
                    return cells.length > 1 && cells[0].equals(repository) && cells[1].equals(tag);
                })
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row " + repository + " " + tag + " in\n"
                        + String.join("\n", lines)));
    }

    private static String[] columns(String line) {
        return Arrays.stream(line.trim().split("\\s{2,}|\\s+")).toArray(String[]::new);
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as("output").isNotEmpty();
        return lines.get(lines.size() - 1).trim();
    }
}
