package dev.slipway.cli.command;

import static dev.slipway.cli.command.CliTestSupport.emptyConfigDir;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * login, logout, robot create/ls/rm and repo visibility against a real HTTP server standing in for the gateway
 * ({@code login --password-stdin} reads stdin, which an in-process launch cannot feed: {@link SlipJarIT} runs it).
 */
@QuarkusMainTest
class AccessVerbsTest {

    private static final String TOKEN_ANSWER = "{\"token\":\"jwt\",\"access_token\":\"jwt\",\"expires_in\":300,"
            + "\"issued_at\":\"2026-11-28T10:00:00Z\"}";
    /** Basic base64("ouruser:s3cret"). */
    private static final String OURUSER_BASIC = "Basic b3VydXNlcjpzM2NyZXQ=";
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

    /** Runs slip without -H, so that the saved login decides where it goes. */
    private LaunchResult slipLoggedIn(QuarkusMainLauncher launcher, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = config.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return launcher.launch(all);
    }

    private void ouruserMayLogIn() {
        gateway.json("GET", "/api/v1/token", 200, TOKEN_ANSWER);
        gateway.json("GET", "/api/v1/users/me", 200, "{\"name\":\"ouruser\",\"admin\":false}");
    }

    @Test
    void loginChecksBasicCredentialsLikeDockerThenTheApiAndSavesThemForLaterCommands(QuarkusMainLauncher launcher)
            throws IOException {
        ouruserMayLogIn();
        gateway.json("GET", "/api/v1/images", 200, "[]");

        LaunchResult login = slipLoggedIn(launcher, "login", "-u", "ouruser", "-p", "s3cret", gateway.url());

        assertThat(login.exitCode()).isZero();
        assertThat(login.getOutput()).isEqualTo("Login Succeeded");
        assertThat(login.getErrorOutput()).isEqualTo("WARNING! Using --password via the CLI is insecure. "
                + "Use --password-stdin.");
        FakeGateway.Request token = gateway.last("GET", "/api/v1/token");
        assertThat(token.uri()).isEqualTo("/api/v1/token?account=ouruser&service=slipway-registry");
        assertThat(token.header("Authorization")).isEqualTo(OURUSER_BASIC);
        assertThat(gateway.last("GET", "/api/v1/users/me").header("Authorization")).isEqualTo("Bearer s3cret");
        Path file = config.resolve("config.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains("\"current\" : \"" + gateway.url() + "\"",
                "\"username\" : \"ouruser\"", "\"token\" : \"s3cret\"");

        // no -H: the login chooses the gateway and its token
        assertThat(slipLoggedIn(launcher, "images").exitCode()).isZero();
        assertThat(gateway.last("GET", "/api/v1/images").header("Authorization")).isEqualTo("Bearer s3cret");
    }

    @Test
    void aWrongPasswordIsRefusedInDockersWordsAndNothingIsSaved(QuarkusMainLauncher launcher) {
        gateway.problem("GET", "/api/v1/token", 401, "unauthorized", "incorrect username or token");
        LaunchResult bad = slip(launcher, "login", "-u", "ouruser", "-p", "wrong", gateway.url());
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.getErrorOutput()).endsWith("\nError response from daemon: Get \"" + gateway.url()
                + "/api/v1/token\": unauthorized: incorrect username or token");
        assertThat(gateway.requests()).extracting(FakeGateway.Request::uri).noneMatch(u -> u.contains("users/me"));
        assertThat(config.resolve("config.json")).doesNotExist();
    }

    @Test
    void aTokenTheRegistryTakesButTheApiRefusesOrOfAnotherUserIsNotSaved(QuarkusMainLauncher launcher) {
        gateway.json("GET", "/api/v1/token", 200, TOKEN_ANSWER);
        gateway.problem("GET", "/api/v1/users/me", 401, "unauthorized", "the bearer token is not known");
        LaunchResult refused = slip(launcher, "login", "-u", "ouruser", "-p", "s3cret");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.getErrorOutput()).endsWith("\nError response from daemon: Get \"" + gateway.url()
                + "/api/v1/users/me\": unauthorized: the bearer token is not known");

        gateway.json("GET", "/api/v1/users/me", 200, "{\"name\":\"admin\",\"admin\":true}");
        LaunchResult other = slip(launcher, "login", "-u", "ouruser", "-p", "s3cret");
        assertThat(other.exitCode()).isEqualTo(1);
        assertThat(other.getErrorOutput()).endsWith("\nError: login to " + gateway.url()
                + " failed: the token belongs to admin, not ouruser");
        assertThat(config.resolve("config.json")).doesNotExist();
    }

    @Test
    void loginUsageMistakesAreCaughtBeforeAnyRequest(QuarkusMainLauncher launcher) {
        LaunchResult both = slip(launcher, "login", "-u", "ouruser", "-p", "x", "--password-stdin");
        assertThat(both.exitCode()).isEqualTo(125);
        assertThat(both.getErrorOutput()).startsWith("Error: --password and --password-stdin are mutually exclusive");

        LaunchResult noUser = slip(launcher, "login", "--password-stdin");
        assertThat(noUser.exitCode()).isEqualTo(125);
        assertThat(noUser.getErrorOutput()).startsWith("Error: Must provide --username with --password-stdin");

        LaunchResult noTerminal = slip(launcher, "login", "-p", "x");
        assertThat(noTerminal.exitCode()).isEqualTo(1);
        assertThat(noTerminal.getErrorOutput()).endsWith("Error: cannot perform an interactive login from a non TTY "
                + "device; use -u/--username");

        LaunchResult robot = slip(launcher, "login", "-u", "robot$ouruser+ci", "-p", "x");
        assertThat(robot.exitCode()).isEqualTo(1);
        assertThat(robot.getErrorOutput()).contains("robot accounts log in to the registry only");

        LaunchResult badServer = slip(launcher, "login", "-u", "ouruser", "-p", "x", "farm:8080");
        assertThat(badServer.exitCode()).isEqualTo(125);
        assertThat(badServer.getErrorOutput()).contains("must start with http:// or https://");
        assertThat(gateway.requests()).isEmpty();
    }

    @Test
    void logoutForgetsTheLoginSoLaterCommandsSendNoToken(QuarkusMainLauncher launcher) {
        ouruserMayLogIn();
        gateway.json("GET", "/api/v1/images", 200, "[]");
        assertThat(slip(launcher, "login", "-u", "ouruser", "-p", "s3cret").exitCode()).isZero();

        LaunchResult logout = slip(launcher, "logout");
        assertThat(logout.exitCode()).isZero();
        assertThat(logout.getOutput()).isEqualTo("Removing login credentials for " + gateway.url());
        assertThat(slip(launcher, "logout", gateway.url()).getOutput()).isEqualTo("Not logged in to " + gateway.url());

        assertThat(slip(launcher, "images").exitCode()).isZero();
        assertThat(gateway.last("GET", "/api/v1/images").header("Authorization")).isNull();
    }

    @Test
    void robotCreateSendsPatternsActionsAndLifetimeAndShowsTheTokenOnce(QuarkusMainLauncher launcher) {
        Instant expires = Instant.now().plus(30, ChronoUnit.DAYS);
        gateway.json("POST", "/api/v1/robots", 201, "{\"name\":\"robot$ouruser+ci\",\"token\":\"rbt-secret\","
                + "\"repositories\":[\"ouruser/*\",\"ouruser/sinatra\"],\"actions\":[\"pull\",\"push\"],"
                + "\"expiresAt\":\"" + expires + "\",\"createdBy\":\"ouruser\"}");

        LaunchResult result = slip(launcher, "robot", "create", "ci", "--repository", "ouruser/*", "ouruser/sinatra",
                "--action", "pull,push", "--expires", "30d");

        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).isEqualTo(""
                + "NAME               TOKEN        REPOSITORIES                ACTIONS     EXPIRES\n"
                + "robot$ouruser+ci   rbt-secret   ouruser/*,ouruser/sinatra   pull,push   in 4 weeks");
        assertThat(result.getErrorOutput()).startsWith("The token is shown only this once");
        assertThat(gateway.last("POST", "/api/v1/robots").bodyText()).isEqualTo("{\"name\":\"ci\","
                + "\"repositories\":[\"ouruser/*\",\"ouruser/sinatra\"],\"actions\":[\"pull\",\"push\"],"
                + "\"expiresInDays\":30}");

        LaunchResult quiet = slip(launcher, "robot", "create", "-q", "ci", "-r", "ouruser/*", "--expires", "1y");
        assertThat(quiet.getOutput()).isEqualTo("rbt-secret");
        assertThat(gateway.last("POST", "/api/v1/robots").bodyText()).isEqualTo("{\"name\":\"ci\","
                + "\"repositories\":[\"ouruser/*\"],\"actions\":[\"pull\"],\"expiresInDays\":365}");
    }

    @Test
    void robotCreateRejectsBadFlagsBeforeAskingAndReportsTheGatewaysRefusals(QuarkusMainLauncher launcher) {
        LaunchResult action = slip(launcher, "robot", "create", "ci", "-r", "ouruser/*", "--action", "pull,write");
        assertThat(action.exitCode()).isEqualTo(125);
        assertThat(action.getErrorOutput()).startsWith("Error: invalid action \"write\": use pull, push or delete");
        LaunchResult expires = slip(launcher, "robot", "create", "ci", "-r", "ouruser/*", "--expires", "soon");
        assertThat(expires.exitCode()).isEqualTo(125);
        assertThat(expires.getErrorOutput()).startsWith("Error: invalid argument \"soon\" for \"--expires\" flag");
        LaunchResult noPattern = slip(launcher, "robot", "create", "ci");
        assertThat(noPattern.exitCode()).isEqualTo(125);
        assertThat(noPattern.getErrorOutput()).contains("--repository");
        assertThat(gateway.requests()).isEmpty();

        gateway.problem("POST", "/api/v1/robots", 409, "robot-name-taken", "robot$ouruser+ci already exists");
        LaunchResult taken = slip(launcher, "robot", "create", "ci", "-r", "ouruser/*");
        assertThat(taken.exitCode()).isEqualTo(1);
        assertThat(taken.getErrorOutput()).isEqualTo("Error: robot$ouruser+ci already exists");
        gateway.problem("POST", "/api/v1/robots", 400, "invalid-robot-pattern",
                "ouruser may only give robots patterns inside ouruser/");
        LaunchResult outside = slip(launcher, "robot", "create", "ci", "-r", "library/*");
        assertThat(outside.exitCode()).isEqualTo(1);
        assertThat(outside.getErrorOutput()).isEqualTo("Error: ouruser may only give robots patterns inside ouruser/");
    }

    @Test
    void robotLsPrintsATableSortedByNameWithExpiry(QuarkusMainLauncher launcher) {
        Instant now = Instant.now();
        gateway.json("GET", "/api/v1/robots", 200, "["
                + "{\"name\":\"robot$ouruser+deploy\",\"repositories\":[\"ouruser/sinatra\"],\"actions\":[\"pull\"],"
                + "\"expiresAt\":\"" + now.minus(3, ChronoUnit.DAYS) + "\",\"createdBy\":\"ouruser\"},"
                + "{\"name\":\"robot$ouruser+ci\",\"repositories\":[\"ouruser/*\"],\"actions\":[\"pull\",\"push\"],"
                + "\"expiresAt\":\"" + now.plus(30, ChronoUnit.DAYS) + "\",\"createdBy\":\"ouruser\"},"
                + "{\"name\":\"robot$build-worker\",\"repositories\":[\"*\"],\"actions\":[\"pull\",\"push\"],"
                + "\"expiresAt\":null,\"createdBy\":null}]");

        LaunchResult result = slip(launcher, "robot", "ls");

        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).isEqualTo(""
                + "NAME                   REPOSITORIES      ACTIONS     EXPIRES              CREATED BY\n"
                + "robot$build-worker     *                 pull,push   never                \n"
                + "robot$ouruser+ci       ouruser/*         pull,push   in 4 weeks           ouruser\n"
                + "robot$ouruser+deploy   ouruser/sinatra   pull        expired 3 days ago   ouruser");
        assertThat(slip(launcher, "robot", "ls", "-q").getOutput())
                .isEqualTo("robot$build-worker\nrobot$ouruser+ci\nrobot$ouruser+deploy");
    }

    @Test
    void robotRmRevokesByFullOrShortNameAndGoesOnAfterAnUnknownOne(QuarkusMainLauncher launcher) {
        gateway.json("GET", "/api/v1/robots", 200, "[{\"name\":\"robot$ouruser+ci\"},{\"name\":\"robot$ouruser+deploy\"}]");
        gateway.json("DELETE", "/api/v1/robots/robot$ouruser+ci", 204, "");
        gateway.json("DELETE", "/api/v1/robots/robot$ouruser+deploy", 204, "");
        gateway.problem("DELETE", "/api/v1/robots/robot$ouruser+gone", 404, "robot-not-found", "no robot");

        LaunchResult result = slip(launcher, "robot", "rm", "ci", "nosuch", "robot$ouruser+gone",
                "robot$ouruser+deploy");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.getOutput()).isEqualTo("robot$ouruser+ci\nrobot$ouruser+deploy");
        assertThat(result.getErrorOutput()).isEqualTo("Error: no such robot: nosuch\n"
                + "Error: no such robot: robot$ouruser+gone");
        assertThat(gateway.requests()).filteredOn(r -> r.method().equals("DELETE"))
                .extracting(FakeGateway.Request::uri).containsExactly("/api/v1/robots/robot%24ouruser%2Bci",
                        "/api/v1/robots/robot%24ouruser%2Bgone", "/api/v1/robots/robot%24ouruser%2Bdeploy");
        assertThat(gateway.requests()).filteredOn(r -> r.method().equals("GET")).as("the list is read once").hasSize(1);
    }

    @Test
    void repoVisibilitySetsAndShowsWhetherARepositoryIsPublic(QuarkusMainLauncher launcher) {
        gateway.json("PUT", "/api/v1/repositories/ouruser/sinatra/visibility", 200,
                "{\"repository\":\"ouruser/sinatra\",\"public\":true}");
        LaunchResult set = slip(launcher, "repo", "visibility", "ouruser/sinatra", "public");
        assertThat(set.exitCode()).isZero();
        assertThat(set.getOutput()).isEqualTo("ouruser/sinatra is now public");
        assertThat(gateway.last("PUT", "/api/v1/repositories/").bodyText()).isEqualTo("{\"public\":true}");

        gateway.json("GET", "/api/v1/repositories/library/ubuntu/visibility", 200,
                "{\"repository\":\"library/ubuntu\",\"public\":false}");
        LaunchResult show = slip(launcher, "repo", "visibility", "ubuntu");
        assertThat(show.exitCode()).isZero();
        assertThat(show.getOutput()).isEqualTo("private");

        LaunchResult bad = slip(launcher, "repo", "visibility", "ouruser/sinatra", "open");
        assertThat(bad.exitCode()).isEqualTo(125);
        assertThat(bad.getErrorOutput()).startsWith("Error: invalid argument \"open\": expected public or private");
        LaunchResult tagged = slip(launcher, "repo", "visibility", "ouruser/sinatra:v2", "private");
        assertThat(tagged.exitCode()).isEqualTo(125);
        assertThat(tagged.getErrorOutput()).contains("a repository has no tag or digest");
    }
}
