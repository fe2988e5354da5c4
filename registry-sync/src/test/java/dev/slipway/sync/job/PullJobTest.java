package dev.slipway.sync.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.common.job.JobEvent;
import dev.slipway.common.job.JobFailed;
import dev.slipway.common.job.JobId;
import dev.slipway.common.job.JobStarted;
import dev.slipway.common.job.JobSucceeded;
import dev.slipway.common.job.Progress;
import dev.slipway.common.job.PullSpec;
import dev.slipway.common.job.Warning;
import dev.slipway.common.oci.Descriptor;
import dev.slipway.common.oci.ImageReference;
import dev.slipway.common.oci.Platform;
import dev.slipway.registry.testing.LocalRegistry;
import dev.slipway.registry.testing.Skopeo;
import dev.slipway.registry.testing.TestImage;
import dev.slipway.registry.testing.TestLayer;
import dev.slipway.sync.testing.KafkaJobs;
import dev.slipway.sync.testing.SyncTestEnvironment;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code docker pull} as jobs over real Kafka: from a docker-registry standing in for Docker Hub into a docker-registry
 * standing in for the layer-store, checked with skopeo and the upstream's own access log.
 */
@QuarkusTest
@QuarkusTestResource(value = SyncTestEnvironment.class, restrictToAnnotatedClass = false)
class PullJobTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    static List<JobEvent> run(PullSpec spec) {
        JobId id = KafkaJobs.submit(spec);
        return KafkaJobs.awaitEnd(id, TIMEOUT);
    }

    static JobEvent last(List<JobEvent> events) {
        return events.get(events.size() - 1);
    }

    static Set<String> statuses(List<JobEvent> events, Descriptor layer) {
        return events.stream().filter(Progress.class::isInstance).map(Progress.class::cast)
                .filter(p -> p.id().equals(layer.digest().shortId())).map(Progress::status)
                .collect(Collectors.toSet());
    }

    @Test
    void pullsASinglePlatformImageWithPerLayerProgress() {
        TestImage image = TestImage.single(List.of(TestLayer.random(3_000_000, 101), TestLayer.random(40_000, 102)));
        image.push(SyncTestEnvironment.upstream(), "library/centos", "7", null, SyncTestEnvironment.work());

        List<JobEvent> events = run(new PullSpec(ImageReference.parse("centos:7"), false));

        assertThat(events.get(0)).isInstanceOf(JobStarted.class);
        assertThat(events.get(events.size() - 1)).isInstanceOf(JobSucceeded.class);
        JobSucceeded done = (JobSucceeded) events.get(events.size() - 1);
        assertThat(done.imageDigest()).isEqualTo(image.top().digest());
        assertThat(done.result()).containsEntry("repository", "library/centos");
        for (Descriptor layer : image.layers()) {
            assertThat(statuses(events, layer)).contains("Pulling fs layer", "Download complete");
        }
        Progress downloading = events.stream().filter(Progress.class::isInstance).map(Progress.class::cast)
                .filter(p -> p.status().equals("Downloading")).findFirst().orElseThrow();
        assertThat(downloading.total()).isPositive();
        // the layer-store holds it under the Hub path, verified by an independent client
        assertThat(Skopeo.digest(SyncTestEnvironment.store(), "library/centos:7"))
                .isEqualTo(image.top().digest().toString());
        Skopeo.copyToLayout(SyncTestEnvironment.store(), "library/centos:7",
                SyncTestEnvironment.work().resolve("check-centos"), "7");
    }

    @Test
    void pullsAMultiPlatformIndexWhole() {
        TestImage image = TestImage.index(Map.of(
                Platform.of("linux", "amd64"), List.of(TestLayer.random(200_000, 111)),
                Platform.of("linux", "arm64"), List.of(TestLayer.random(200_000, 112))));
        image.push(SyncTestEnvironment.upstream(), "training/sinatra", "latest", null, SyncTestEnvironment.work());

        List<JobEvent> events = run(new PullSpec(ImageReference.parse("training/sinatra"), false));

        assertThat(events.get(events.size() - 1)).isInstanceOf(JobSucceeded.class);
        assertThat(Skopeo.rawManifest(SyncTestEnvironment.store(), "training/sinatra:latest").getBytes())
                .isEqualTo(image.top().bytes());
        for (Descriptor layer : image.layers()) {
            assertThat(statuses(events, layer)).contains("Download complete");
        }
        Skopeo.copyToLayout(SyncTestEnvironment.store(), "training/sinatra:latest",
                SyncTestEnvironment.work().resolve("check-sinatra"), "latest");
    }

    @Test
    void layersTheLayerStoreHasAreNotTransferredAgain() {
        TestLayer shared = TestLayer.random(1_000_000, 121);
        TestImage first = TestImage.single(List.of(shared, TestLayer.random(10_000, 122)));
        TestImage second = TestImage.single(List.of(shared, TestLayer.random(10_000, 123)));
        LocalRegistry upstream = SyncTestEnvironment.upstream();
        first.push(upstream, "library/busybox", "1", null, SyncTestEnvironment.work());
        second.push(upstream, "ouruser/app", "1", null, SyncTestEnvironment.work());

        assertThat(last(run(new PullSpec(ImageReference.parse("busybox:1"), false))))
                .isInstanceOf(JobSucceeded.class);
        List<JobEvent> events = run(new PullSpec(ImageReference.parse("ouruser/app:1"), false));

        assertThat(events.get(events.size() - 1)).isInstanceOf(JobSucceeded.class);
        assertThat(statuses(events, shared.descriptor())).contains("Already exists").doesNotContain("Downloading");
        String digest = shared.digest().toString();
        assertThat(upstream.blobGets("library/busybox", digest)).isEqualTo(1);
        assertThat(upstream.blobGets("ouruser/app", digest)).isZero();
        assertThat(Skopeo.digest(SyncTestEnvironment.store(), "ouruser/app:1"))
                .isEqualTo(second.top().digest().toString());
    }

    @Test
    void bearerTokenUpstreamAndWrongPasswordFailsClearly() {
        TestImage image = TestImage.single(List.of(TestLayer.random(30_000, 131)));
        image.push(SyncTestEnvironment.tokenRegistry(), "ouruser/private", "1",
                SyncTestEnvironment.USER + ":" + SyncTestEnvironment.PASSWORD, SyncTestEnvironment.work());

        List<JobEvent> ok = run(new PullSpec(ImageReference.parse("tokenreg.test/ouruser/private:1"), false));
        assertThat(ok.get(ok.size() - 1)).isInstanceOf(JobSucceeded.class);
        assertThat(Skopeo.digest(SyncTestEnvironment.store(), "tokenreg.test/ouruser/private:1"))
                .isEqualTo(image.top().digest().toString());

        int tokenRequests = SyncTestEnvironment.tokens().requests();
        List<JobEvent> bad = run(new PullSpec(ImageReference.parse("badtoken.test/ouruser/private:1"), false));
        assertThat(bad.get(bad.size() - 1)).isInstanceOfSatisfying(JobFailed.class, f -> assertThat(f.message())
                .contains("token endpoint").contains("rejected").contains(SyncTestEnvironment.USER));
        assertThat(SyncTestEnvironment.tokens().requests() - tokenRequests).isEqualTo(1);
    }

    @Test
    void basicAuthUpstreamAndWrongPasswordFailsClearly() {
        TestImage image = TestImage.single(List.of(TestLayer.random(30_000, 141)));
        image.push(SyncTestEnvironment.basicRegistry(), "ouruser/basic", "1",
                SyncTestEnvironment.USER + ":" + SyncTestEnvironment.PASSWORD, SyncTestEnvironment.work());

        List<JobEvent> ok = run(new PullSpec(ImageReference.parse("basicreg.test/ouruser/basic:1"), false));
        assertThat(ok.get(ok.size() - 1)).isInstanceOf(JobSucceeded.class);

        long refused = SyncTestEnvironment.basicRegistry().count("HEAD", 401, p -> p.contains("ouruser/basic"));
        List<JobEvent> bad = run(new PullSpec(ImageReference.parse("badbasic.test/ouruser/basic:1"), false));
        assertThat(bad.get(bad.size() - 1)).isInstanceOfSatisfying(JobFailed.class, f -> assertThat(f.message())
                .contains("rejected the credentials of user " + SyncTestEnvironment.USER));
        // an anonymous probe and one refused login, no retry loop
        assertThat(SyncTestEnvironment.basicRegistry().count("HEAD", 401, p -> p.contains("ouruser/basic")) - refused)
                .isEqualTo(2);
    }

    @Test
    void staleIfErrorServesAMirroredTagWhenTheUpstreamIsDown() {
        TestImage image = TestImage.single(List.of(TestLayer.random(20_000, 151)));
        LocalRegistry upstream = SyncTestEnvironment.upstream();
        image.push(upstream, "library/redis", "6", null, SyncTestEnvironment.work());
        assertThat(last(run(new PullSpec(ImageReference.parse("redis:6"), false)))).isInstanceOf(JobSucceeded.class);

        upstream.stop();
        try {
            List<JobEvent> events = run(new PullSpec(ImageReference.parse("redis:6"), false));
            assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(JobSucceeded.class,
                    s -> assertThat(s.imageDigest()).isEqualTo(image.top().digest()));
            assertThat(events).filteredOn(Warning.class::isInstance).map(e -> ((Warning) e).message())
                    .singleElement().asString().contains("may be stale").contains("mirrored at 20");

            List<JobEvent> unknown = run(new PullSpec(ImageReference.parse("nosuchimage:1"), false));
            assertThat(unknown.get(unknown.size() - 1)).isInstanceOfSatisfying(JobFailed.class,
                    f -> assertThat(f.message()).contains("not found upstream and not mirrored"));
        } finally {
            upstream.start();
        }
    }
}
