package dev.slipway.cli.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.cli.config.Credentials;
import dev.slipway.cli.config.Target;
import dev.slipway.common.job.JobEvent;
import dev.slipway.common.job.JobId;
import dev.slipway.common.job.JobJson;
import dev.slipway.common.job.JobJsonException;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Everything {@code slip} asks the gateway, one method per API call of {@code /api/v1}, over the JDK HTTP client with
 * the target's bearer token. Error answers become {@link GatewayException}s, silence a
 * {@link GatewayUnreachableException}. Thread-safe.
 */
public final class GatewayClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);
    /** How often a dropped event stream is resumed with {@code Last-Event-ID} before giving up. */
    private static final int STREAM_RESUMES = 5;
    private static final Duration RESUME_DELAY = Duration.ofSeconds(1);
    private static final String JSON_TYPE = "application/json";
    private static final String TOKEN_PATH = "/api/v1/token";
    private static final String ROBOTS_PATH = "/api/v1/robots";
    private static final ObjectMapper JSON = JobJson.newMapper();

    private final Target target;
    private final HttpClient http;

    /** @param target the gateway and token */
    public GatewayClient(Target target) {
        this.target = target;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** {@code GET /api/v1/users/me}: @return who the token belongs to */
    public Account me() {
        return read(send(get("/api/v1/users/me")), Account.class);
    }

    /**
     * {@code GET /api/v1/token?account=&service=} with HTTP Basic, as {@code docker login} asks a registry's token
     * endpoint: proves that the user name and token are accepted by the registry token flow. Sends no scope.
     *
     * @param service the registry service the token would be for
     * @param credentials the user and its token
     * @throws GatewayException if they are refused (401) or the request is malformed (400)
     */
    public void checkRegistryLogin(String service, Credentials credentials) {
        String query = (credentials.username() == null ? "?" : "?account=" + encode(credentials.username()) + "&")
                + "service=" + encode(service);
        HttpRequest.Builder request = HttpRequest.newBuilder(target.url().resolve(TOKEN_PATH + query))
                .timeout(REQUEST_TIMEOUT).header("Accept", JSON_TYPE + ", application/problem+json")
                .header("Authorization", credentials.basicAuthorization()).GET();
        JsonNode answer = read(send(request), JsonNode.class);
        if (!answer.path("token").isTextual() && !answer.path("access_token").isTextual()) {
            throw new GatewayProtocolException("the gateway's token endpoint answered without a token", null);
        }
    }

    /** {@code POST /api/v1/robots}: @return the new robot, with its token (shown this once) */
    public Robot createRobot(RobotRequest robot) {
        ObjectNode body = JSON.createObjectNode().put("name", robot.name());
        body.set("repositories", JSON.valueToTree(robot.repositories()));
        body.set("actions", JSON.valueToTree(robot.actions()));
        if (robot.expiresInDays() != null) {
            body.put("expiresInDays", robot.expiresInDays());
        }
        return read(send(post(ROBOTS_PATH, body)), Robot.class);
    }

    /** {@code GET /api/v1/robots}: @return the caller's robots (an admin's: all) */
    public List<Robot> robots() {
        JsonNode page = read(send(get(ROBOTS_PATH)), JsonNode.class);
        JsonNode items = page.isArray() ? page : page.path("items");
        try {
            return JSON.convertValue(items, new TypeReference<List<Robot>>() { });
        } catch (IllegalArgumentException e) {
            throw new GatewayProtocolException("the gateway answered something that is not a list of robots: "
                    + e.getMessage(), e);
        }
    }

    /** {@code DELETE /api/v1/robots/{name}}: revokes the robot's token. */
    public void deleteRobot(String name) {
        send(request(ROBOTS_PATH + "/" + encode(name).replace("+", "%20")).DELETE());
    }

    /**
     * {@code PUT /api/v1/repositories/{name}/visibility {"public"}}: whether anyone may pull without credentials.
     *
     * @param repository e.g. {@code ouruser/sinatra}
     * @param isPublic the new visibility
     */
    public void setVisibility(String repository, boolean isPublic) {
        ObjectNode body = JSON.createObjectNode().put("public", isPublic);
        send(request("/api/v1/repositories/" + path(repository) + "/visibility").header("Content-Type", JSON_TYPE)
                .PUT(HttpRequest.BodyPublishers.ofString(write(body), StandardCharsets.UTF_8)));
    }

    /** {@code GET /api/v1/repositories/{name}/visibility}: @return whether the repository is public */
    public boolean isPublic(String repository) {
        JsonNode answer = read(send(get("/api/v1/repositories/" + path(repository) + "/visibility")), JsonNode.class);
        if (!answer.path("public").isBoolean()) {
            throw new GatewayProtocolException("the gateway answered a visibility without \"public\"", null);
        }
        return answer.path("public").asBoolean();
    }

    /**
     * {@code GET /api/v1/images[?reference=]}.
     *
     * @param reference a {@code REPOSITORY[:TAG]} filter, or {@code null} for all
     * @return the images the caller may see
     */
    public List<ImageSummary> images(String reference) {
        String query = reference == null ? "" : "?reference=" + encode(reference);
        return read(send(get("/api/v1/images" + query)), new TypeReference<List<ImageSummary>>() { });
    }

    /** {@code GET /api/v1/images/{ref}/json}: @return the image's manifest and config */
    public ImageDetail image(String reference) {
        return read(send(get("/api/v1/images/" + path(reference) + "/json")), ImageDetail.class);
    }

    /** {@code POST /api/v1/images/{source}/tag {"target"}}: gives the source image another name. */
    public void tag(String source, String targetName) {
        ObjectNode body = JSON.createObjectNode().put("target", targetName);
        send(post("/api/v1/images/" + path(source) + "/tag", body));
    }

    /** {@code DELETE /api/v1/images/{ref}[?force=true]}: @return what was untagged and deleted */
    public RemoveResult removeImage(String reference, boolean force) {
        String query = force ? "?force=true" : "";
        return read(send(request("/api/v1/images/" + path(reference) + query).DELETE()), RemoveResult.class);
    }

    /** {@code GET /api/v1/search?q=&limit=}: @return the hits */
    public List<SearchResult> search(String term, int limit) {
        return read(send(get("/api/v1/search?q=" + encode(term) + "&limit=" + limit)),
                new TypeReference<List<SearchResult>>() { });
    }

    /**
     * {@code POST /api/v1/builds}: uploads the context tar.
     *
     * @param build the flags
     * @param contextTar the context as a tar file
     * @param uploaded told the number of bytes sent so far, as they go
     * @return the accepted job
     */
    public JobView build(BuildRequest build, Path contextTar, LongConsumer uploaded) {
        StringBuilder query = new StringBuilder();
        build.tags().forEach(t -> query.append("&t=").append(encode(t)));
        if (build.dockerfile() != null) {
            query.append("&dockerfile=").append(encode(build.dockerfile()));
        }
        if (!build.buildArgs().isEmpty()) {
            query.append("&buildargs=").append(encode(write(build.buildArgs())));
        }
        if (build.target() != null) {
            query.append("&target=").append(encode(build.target()));
        }
        if (build.noCache()) {
            query.append("&nocache=true");
        }
        if (build.pull()) {
            query.append("&pull=true");
        }
        String path = "/api/v1/builds" + (query.length() == 0 ? "" : "?" + query.substring(1));
        long size;
        try {
            size = Files.size(contextTar);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the build context " + contextTar + ": " + e.getMessage(), e);
        }
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> counting(contextTar, uploaded)), size);
        return read(send(request(path).header("Content-Type", "application/x-tar").POST(body)), JobView.class);
    }

    /**
     * {@code POST /api/v1/pulls {"image","allTags"?}}.
     *
     * @param image the reference as typed
     * @param allTags whether every tag of the repository is to be pulled ({@code -a})
     * @return the accepted job
     */
    public JobView pull(String image, boolean allTags) {
        ObjectNode body = JSON.createObjectNode().put("image", image);
        if (allTags) {
            body.put("allTags", true);
        }
        return read(send(post("/api/v1/pulls", body)), JobView.class);
    }

    /**
     * {@code POST /api/v1/pushes {"image","tag"?}}.
     *
     * @param image the repository, e.g. {@code ouruser/sinatra}
     * @param tag the tag to push, or {@code null} for every tag
     * @return the accepted job
     */
    public JobView push(String image, String tag) {
        ObjectNode body = JSON.createObjectNode().put("image", image);
        if (tag != null) {
            body.put("tag", tag);
        }
        return read(send(post("/api/v1/pushes", body)), JobView.class);
    }

    /**
     * {@code POST /api/v1/runs}.
     *
     * @param image the image
     * @param cmd the command, empty for the image's default
     * @param env {@code -e} variables
     * @param workdir {@code -w}, or {@code null}
     * @param user {@code -u}, or {@code null}
     * @return the accepted job
     */
    public JobView run(String image, List<String> cmd, Map<String, String> env, String workdir, String user) {
        ObjectNode body = JSON.createObjectNode().put("image", image);
        if (!cmd.isEmpty()) {
            body.set("cmd", JSON.valueToTree(cmd));
        }
        if (!env.isEmpty()) {
            body.set("env", JSON.valueToTree(env));
        }
        if (workdir != null) {
            body.put("workdir", workdir);
        }
        if (user != null) {
            body.put("user", user);
        }
        return read(send(post("/api/v1/runs", body)), JobView.class);
    }

    /**
     * {@code POST /api/v1/commits}.
     *
     * @param container the container id a run printed
     * @param repository the new image's repository
     * @param tag its tag, or {@code null} for {@code latest}
     * @param message {@code -m}, or {@code null}
     * @param author {@code -a}, or {@code null}
     * @return the accepted job
     */
    public JobView commit(String container, String repository, String tag, String message, String author) {
        ObjectNode body = JSON.createObjectNode().put("container", container).put("repository", repository);
        if (tag != null) {
            body.put("tag", tag);
        }
        if (message != null) {
            body.put("message", message);
        }
        if (author != null) {
            body.put("author", author);
        }
        return read(send(post("/api/v1/commits", body)), JobView.class);
    }

    /**
     * {@code GET /api/v1/jobs[?state=&kind=]}.
     *
     * @param state a state filter, or {@code null}
     * @param kind a kind filter, or {@code null}
     * @return the caller's jobs, newest first
     */
    public List<JobView> jobs(String state, String kind) {
        List<String> params = new ArrayList<>();
        if (state != null) {
            params.add("state=" + encode(state));
        }
        if (kind != null) {
            params.add("kind=" + encode(kind));
        }
        String query = params.isEmpty() ? "" : "?" + String.join("&", params);
        JsonNode page = read(send(get("/api/v1/jobs" + query)), JsonNode.class);
        JsonNode items = page.isArray() ? page : page.path("items");
        return JSON.convertValue(items, new TypeReference<List<JobView>>() { });
    }

    /** {@code GET /api/v1/jobs/{id}}: @return the job */
    public JobView job(JobId id) {
        return read(send(get("/api/v1/jobs/" + id)), JobView.class);
    }

    /** {@code DELETE /api/v1/jobs/{id}}: @return the job after the cancel */
    public JobView cancel(JobId id) {
        return read(send(request("/api/v1/jobs/" + id).DELETE()), JobView.class);
    }

    /** {@code GET /api/v1/jobs/{id}/logs}: @return the job's output so far */
    public String logs(JobId id) {
        return new String(send(request("/api/v1/jobs/" + id + "/logs").header("Accept", "text/plain").GET()),
                StandardCharsets.UTF_8);
    }

    /**
     * {@code GET /api/v1/jobs/{id}/events}: hands every event of the job to {@code listener}, in order, until the
     * job ends; a dropped stream is resumed with {@code Last-Event-ID}. Events of types this client does not know
     * are skipped.
     *
     * @param id the job
     * @param listener told each event
     * @return the terminal event (job-succeeded, job-failed or job-cancelled)
     */
    public JobEvent follow(JobId id, Consumer<JobEvent> listener) {
        String lastEventId = null;
        for (int attempt = 0; ; attempt++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(target.url().resolve("/api/v1/jobs/" + id + "/events"))
                    .header("Accept", "text/event-stream").GET();
            target.bearer().ifPresent(token -> request.header("Authorization", "Bearer " + token));
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            HttpResponse<InputStream> response = exchange(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() >= 300) {
                    throw error(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                            body.readAllBytes());
                }
                SseParser parser = new SseParser(
                        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8)), lastEventId);
                try {
                    SseEvent event;
                    while ((event = parser.next()) != null) {
                        JobEvent decoded = decode(event);
                        if (decoded == null) {
                            continue;
                        }
                        listener.accept(decoded);
                        if (decoded.resultingState() != null && decoded.resultingState().isTerminal()) {
                            return decoded;
                        }
                    }
                } finally {
                    lastEventId = parser.lastEventId();
                }
            } catch (IOException e) {
                // dropped mid-stream: resumed below
            }
            // the stream ended without a terminal event we could read: the job may still have ended
            JobView view = job(id);
            if (view.state() != null && view.state().isTerminal()) {
                return JobOutcomes.terminalEvent(view);
            }
            if (attempt >= STREAM_RESUMES) {
                throw new GatewayUnreachableException(target.url(), "the event stream of job " + id
                        + " ended before the job did (resumed " + STREAM_RESUMES + " times)", null);
            }
            sleep(RESUME_DELAY);
        }
    }

    /** @return the event, or {@code null} for a type this client does not know (newer gateway) */
    static JobEvent decode(SseEvent event) {
        try {
            return JobJson.read(event.data(), JobEvent.class);
        } catch (JobJsonException e) {
            return null;
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(target.url().resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Accept", JSON_TYPE + ", application/problem+json");
        target.bearer().ifPresent(token -> builder.header("Authorization", "Bearer " + token));
        return builder;
    }

    private HttpRequest.Builder get(String path) {
        return request(path).GET();
    }

    private HttpRequest.Builder post(String path, JsonNode body) {
        return request(path).header("Content-Type", JSON_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(write(body), StandardCharsets.UTF_8));
    }

    private byte[] send(HttpRequest.Builder request) {
        HttpResponse<byte[]> response = exchange(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() >= 300) {
            throw error(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        }
        return response.body();
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (ConnectException e) {
            throw new GatewayUnreachableException(target.url(), reason(e), e);
        } catch (HttpConnectTimeoutException e) {
            throw new GatewayUnreachableException(target.url(), "connection timed out", e);
        } catch (HttpTimeoutException e) {
            throw new GatewayUnreachableException(target.url(), "no answer within " + REQUEST_TIMEOUT.toMinutes()
                    + " minutes", e);
        } catch (IOException e) {
            throw new GatewayUnreachableException(target.url(), reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayUnreachableException(target.url(), "interrupted", e);
        }
    }

    /** The JDK often wraps the cause (e.g. UnresolvedAddressException) without a message of its own. */
    private static String reason(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException) {
                return "unknown host";
            }
            if (t instanceof ConnectException && (t.getMessage() == null || t.getMessage().isBlank()
                    || t.getMessage().toLowerCase(java.util.Locale.ROOT).contains("refused"))) {
                return "connection refused";
            }
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    static GatewayException error(int status, String contentType, byte[] body) {
        if (contentType.contains("json") && body.length > 0) {
            try {
                Problem problem = JSON.readValue(body, Problem.class);
                return new GatewayException(new Problem(problem.type(), problem.title(), status, problem.detail(),
                        problem.code()));
            } catch (IOException e) {
                // not a problem document: fall through to the bare status
            }
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        int newline = text.indexOf('\n');
        String firstLine = newline < 0 ? text : text.substring(0, newline);
        String detail = firstLine.isEmpty() || firstLine.startsWith("<")
                ? "the gateway answered HTTP " + status : firstLine;
        return new GatewayException(new Problem(null, null, status, detail, null));
    }

    private static <T> T read(byte[] body, Class<T> type) {
        try {
            return JSON.readValue(body, type);
        } catch (IOException e) {
            throw new GatewayProtocolException("the gateway answered something that is not a " + type.getSimpleName()
                    + ": " + e.getMessage(), e);
        }
    }

    private static <T> T read(byte[] body, TypeReference<T> type) {
        try {
            return JSON.readValue(body, type);
        } catch (IOException e) {
            throw new GatewayProtocolException("the gateway answered something unexpected: " + e.getMessage(), e);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a request body", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** References are validated before they get here; they only need their path characters kept. */
    private static String path(String reference) {
        return encode(reference).replace("%2F", "/").replace("%3A", ":").replace("%40", "@");
    }

    private static InputStream counting(Path file, LongConsumer uploaded) {
        try {
            return new FilterInputStream(Files.newInputStream(file)) {
                private long sent;

                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        uploaded.accept(++sent);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    if (n > 0) {
                        sent += n;
                        uploaded.accept(sent);
                    }
                    return n;
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
