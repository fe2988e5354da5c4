package dev.slipway.cli.command;

import static dev.slipway.cli.command.CliTestSupport.JOB;
import static dev.slipway.cli.command.CliTestSupport.emptyConfigDir;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every verb that talks to the gateway, in the three ways a person most often sees it fail: the gateway is down, the
 * thing asked for does not exist, the caller may not touch it. Each time: one line on stderr naming the problem
 * (and the URL when nothing answered), a non-zero exit code, never a stack trace. ({@code build -} reads stdin,
 * which an in-process launch cannot feed: {@link SlipJarIT} runs it.)
 */
@QuarkusMainTest
class ErrorPathsTest {

    private static final String DOCKERFILE = "FROM busybox\nRUN true\n";
    private static FakeGateway gateway;
    private static Path context;
    private Path config;

    @BeforeAll
    static void start() throws IOException {
        gateway = FakeGateway.start();
        context = Files.createTempDirectory("ctx");
        Files.writeString(context.resolve("Dockerfile"), DOCKERFILE);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @BeforeEach
    void fresh() {
        gateway.reset();
        config = emptyConfigDir();
    }

    /** Each verb once, touching {@code training/sinatra} (someone else's) where it names an image. */
    private static Map<String, List<String>> everyVerb() {
        Map<String, List<String>> verbs = new LinkedHashMap<>();
        verbs.put("images", List.of("images", "training/sinatra"));
        verbs.put("pull", List.of("pull", "training/sinatra:v3"));
        verbs.put("pull -a", List.of("pull", "-a", "training/sinatra"));
        verbs.put("search", List.of("search", "sinatra"));
        verbs.put("run", List.of("run", "training/sinatra:v3", "true"));
        verbs.put("commit", List.of("commit", "c0ffee00", "training/sinatra:v3"));
        verbs.put("build", List.of("build", "-t", "training/sinatra:v3", context.toString()));
        verbs.put("tag", List.of("tag", "training/sinatra:v3", "training/sinatra:devel"));
        verbs.put("push", List.of("push", "training/sinatra:v3"));
        verbs.put("rmi", List.of("rmi", "training/sinatra:v3"));
        verbs.put("inspect", List.of("inspect", "training/sinatra:v3"));
        verbs.put("history", List.of("history", "training/sinatra:v3"));
        verbs.put("jobs", List.of("jobs"));
        verbs.put("logs", List.of("logs", JOB));
        verbs.put("logs -f", List.of("logs", "-f", JOB));
        verbs.put("cancel", List.of("cancel", JOB));
        verbs.put("login", List.of("login", "-u", "ouruser", "-p", "token"));
        verbs.put("robot create", List.of("robot", "create", "ci", "--repository", "training/*", "--action", "push"));
        verbs.put("robot ls", List.of("robot", "ls"));
        verbs.put("robot rm", List.of("robot", "rm", "robot$training+ci"));
        verbs.put("repo visibility", List.of("repo", "visibility", "training/sinatra", "public"));
        verbs.put("repo visibility (show)", List.of("repo", "visibility", "training/sinatra"));
        return verbs;
    }

    private LaunchResult slip(QuarkusMainLauncher launcher, String url, List<String> args) {
        return CliTestSupport.slip(launcher, url, config, args.toArray(String[]::new));
    }

    private static void oneLine(SoftAssertions soft, String verb, LaunchResult result, String pattern) {
        soft.assertThat(result.exitCode()).as("exit code of %s", verb).isIn(1, 125);
        soft.assertThat(result.getErrorOutput()).as("stderr of %s", verb)
                .matches(pattern)
                .doesNotContain("Exception", "\tat ");
    }

    @Test
    void everyVerbWithTheGatewayDownPrintsOneLineNamingTheUrl(QuarkusMainLauncher launcher) throws IOException {
        String down = FakeGateway.closedPortUrl();
        SoftAssertions soft = new SoftAssertions();
        everyVerb().forEach((verb, args) -> {
            LaunchResult result = slip(launcher, down, args);
            soft.assertThat(result.exitCode()).as("exit code of %s", verb).isEqualTo(verb.equals("run") ? 125 : 1);
            // login warns about -p first, as docker does
            soft.assertThat(result.getErrorOutput()).as("stderr of %s", verb)
                    .endsWith("Error: cannot connect to the Slipway gateway at " + down + ": connection refused")
                    .doesNotContain("Exception", "\tat ");
        });
        soft.assertAll();
    }

    @Test
    void everyVerbToldItMayNotSaysSoInOneLine(QuarkusMainLauncher launcher) {
        gateway.fallback(403, "forbidden", "ouruser may not write to training");
        SoftAssertions soft = new SoftAssertions();
        everyVerb().forEach((verb, args) -> {
            LaunchResult result = slip(launcher, gateway.url(), args);
            String expected = switch (verb) {
                case "pull", "run", "commit", "push", "rmi", "inspect", "history", "tag" ->
                        "Error: not allowed to [a-z ]+ training/sinatra(:v3|:devel)?";
                case "pull -a" -> "Error: not allowed to pull training/sinatra";
                case "build" ->
                        "Error: not allowed to build into training/sinatra:v3: ouruser may not write to training";
                case "robot create" -> "Error: not allowed to create robot ci: ouruser may not write to training";
                case "robot rm" -> "Error: not allowed to remove robot\\$training\\+ci: ouruser may not write to training";
                case "repo visibility", "repo visibility (show)" ->
                        "Error: not allowed to change training/sinatra: ouruser may not write to training";
                case "login" -> "(?s)WARNING! Using --password.*\nError: login to " + gateway.url()
                        + " failed: ouruser may not write to training";
                default -> "Error: ouruser may not write to training";
            };
            oneLine(soft, verb, result, expected);
        });
        soft.assertAll();
    }

    @Test
    void everyVerbAskingForSomethingUnknownSaysWhatIsMissingInOneLine(QuarkusMainLauncher launcher) {
        SoftAssertions soft = new SoftAssertions();
        everyVerb().forEach((verb, args) -> {
            gateway.reset();
            String code = switch (verb) {
                case "logs", "logs -f", "cancel" -> "job-not-found";
                case "robot rm" -> "robot-not-found";
                case "repo visibility", "repo visibility (show)", "robot create", "robot ls", "login", "jobs",
                        "search", "images", "build" -> "not-found";
                default -> "image-not-found";
            };
            gateway.fallback(404, code, "no such thing");
            LaunchResult result = slip(launcher, gateway.url(), args);
            String expected = switch (verb) {
                case "pull -a" -> "Error: image \"training/sinatra\" not found";
                case "commit", "tag", "push" -> "Error: image \"training/sinatra(:v3)?\" not found";
                case "logs", "logs -f", "cancel" -> "Error: no such job: " + JOB;
                case "robot rm" -> "Error: no such robot: robot\\$training\\+ci";
                case "repo visibility", "repo visibility (show)" -> "Error: repository \"training/sinatra\" not found";
                case "login" -> "(?s)WARNING! Using --password.*\nError: login to " + gateway.url()
                        + " failed: no such thing";
                case "images", "search", "jobs", "robot create", "robot ls", "build" -> "Error: no such thing";
                default -> "Error: image \"training/sinatra:v3\" not found";
            };
            oneLine(soft, verb, result, expected);
        });
        soft.assertAll();
    }
}
