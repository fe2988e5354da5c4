package dev.slipway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.common.job.Topics;
import dev.slipway.gateway.support.Api;
import dev.slipway.gateway.support.Eventually;
import dev.slipway.gateway.support.GatewayTestResource;
import dev.slipway.gateway.support.KafkaSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

/**
 * Submissions that arrive together are committed together (group commit), yet each is answered on its own: every
 * accepted job is stored and published once; a job the database refuses fails alone; a database failure answers
 * every submission of its batch with 503 and stores and publishes none of them. Failures are made real with a
 * trigger on the jobs table that refuses chosen rows.
 */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class SubmitGroupCommitTest {

    private static Connection db() throws SQLException {
        return DriverManager.getConnection(System.getenv("SLIPWAY_TEST_JDBC_URL"), "slipway", "slipway");
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Makes inserts of jobs matching {@code condition} fail with SQLSTATE {@code state}, until the returned handle closes. */
    private static AutoCloseable refuseJobs(Connection c, String condition, String state) throws SQLException {
        c.createStatement().execute("create or replace function gateway.test_refuse_job() returns trigger language plpgsql "
                + "as $$ begin if " + condition + " then raise exception 'refused by test' using errcode = '" + state
                + "'; end if; return new; end $$");
        c.createStatement().execute("create trigger test_refuse_job before insert on gateway.jobs for each row "
                + "execute function gateway.test_refuse_job()");
        return () -> c.createStatement().execute("drop trigger test_refuse_job on gateway.jobs");
    }

    /** Submits the pulls all at once and returns the answers in the same order. */
    private static List<ExtractableResponse<Response>> submitTogether(String user, List<String> images) throws Exception {
        String token = Api.token(user);
        ExecutorService pool = Executors.newFixedThreadPool(images.size());
        try {
            List<Future<ExtractableResponse<Response>>> futures = new ArrayList<>();
            for (String image : images) {
                futures.add(pool.submit(() -> io.restassured.RestAssured.given().auth().oauth2(token)
                        .contentType(ContentType.JSON).body(Map.of("image", image))
                        .post("/api/v1/pulls").then().extract()));
            }
            List<ExtractableResponse<Response>> answers = new ArrayList<>();
            for (Future<ExtractableResponse<Response>> f : futures) {
                answers.add(f.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<String> images(String namespace, int n) {
        List<String> images = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            images.add(namespace + "/app-" + i + ":1.0");
        }
        return images;
    }

    @Test
    void everyConcurrentSubmissionIsStoredAndPublishedExactlyOnce() throws Exception {
        try (KafkaConsumer<String, byte[]> consumer = KafkaSupport.consumer(Topics.SYNC_JOBS)) {
            List<ExtractableResponse<Response>> answers = submitTogether("gcsubmit", images("gcsubmit", 40));
            assertThat(answers).allSatisfy(a -> assertThat(a.statusCode()).isEqualTo(202));
            Set<String> ids = answers.stream().map(a -> a.<String>path("id")).collect(Collectors.toSet());
            assertThat(ids).hasSize(40);
            for (String id : ids) {
                Api.as("gcsubmit").get("/api/v1/jobs/" + id).then().statusCode(200);
            }
            Map<String, Integer> copies = new HashMap<>();
            Eventually.within(Duration.ofSeconds(30), () -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    copies.merge(record.key(), 1, Integer::sum);
                }
                assertThat(copies.keySet()).containsAll(ids);
            });
            for (int i = 0; i < 4; i++) { // anything published twice would arrive right behind the first copy
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    copies.merge(record.key(), 1, Integer::sum);
                }
            }
            assertThat(ids).allSatisfy(id -> assertThat(copies.get(id)).as(id).isEqualTo(1));
        }
    }

    @Test
    void aJobTheDatabaseRefusesFailsAloneAndTheOthersAreAccepted() throws Exception {
        List<String> images = images("gcrefused", 20);
        images.set(7, "gcrefused/poison:1.0");
        List<ExtractableResponse<Response>> answers;
        try (Connection c = db(); AutoCloseable trigger = refuseJobs(c, "new.spec like '%gcrefused/poison%'", "23514")) {
            answers = submitTogether("gcrefused", images);
        }
        for (int i = 0; i < images.size(); i++) {
            ExtractableResponse<Response> answer = answers.get(i);
            if (i == 7) {
                assertThat(answer.statusCode()).isEqualTo(503);
                assertThat(answer.contentType()).startsWith("application/problem+json");
                assertThat(answer.<String>path("code")).isEqualTo("database-unavailable");
            } else {
                assertThat(answer.statusCode()).as(images.get(i)).isEqualTo(202);
            }
        }
        try (Connection c = db()) {
            assertThat(count(c, "select count(*) from gateway.jobs where owner = 'gcrefused'")).isEqualTo(19);
            assertThat(count(c, "select count(*) from gateway.jobs where spec like '%gcrefused/poison%'")).isZero();
            assertThat(count(c, "select count(*) from gateway.outbox where convert_from(payload, 'UTF8') like '%gcrefused/poison%'"))
                    .isZero();
        }
    }

    @Test
    void aDatabaseFailureAnswersEverySubmissionOfTheBatchWith503AndStoresNone() throws Exception {
        List<ExtractableResponse<Response>> answers;
        try (KafkaConsumer<String, byte[]> consumer = KafkaSupport.consumer(Topics.SYNC_JOBS)) {
            try (Connection c = db(); AutoCloseable trigger = refuseJobs(c, "new.owner = 'gcdown'", "08006")) {
                answers = submitTogether("gcdown", images("gcdown", 12));
            }
            assertThat(answers).allSatisfy(a -> {
                assertThat(a.statusCode()).isEqualTo(503);
                assertThat(a.<String>path("code")).isEqualTo("database-unavailable");
            });
            try (Connection c = db()) {
                assertThat(count(c, "select count(*) from gateway.jobs where owner = 'gcdown'")).isZero();
                assertThat(count(c, "select count(*) from gateway.outbox "
                        + "where convert_from(payload, 'UTF8') like '%gcdown/app-%'")).isZero();
            }
            List<String> published = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    published.add(new String(record.value(), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            assertThat(published).noneMatch(v -> v.contains("gcdown/app-"));
            Api.as("gcdown").get("/api/v1/jobs").then().statusCode(200)
                    .body("items", org.hamcrest.Matchers.empty());
        }
    }
}
