package dev.slipway.sync.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.common.job.JobEvent;
import dev.slipway.common.job.JobFailed;
import dev.slipway.common.job.JobSucceeded;
import dev.slipway.common.job.Progress;
import dev.slipway.common.job.PullSpec;
import dev.slipway.common.job.PushSpec;
import dev.slipway.common.oci.ImageReference;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.registry.testing.LocalRegistry;
import dev.slipway.registry.testing.Skopeo;
import dev.slipway.registry.testing.TestImage;
import dev.slipway.registry.testing.TestLayer;
import dev.slipway.sync.testing.KafkaJobs;
import dev.slipway.sync.testing.SyncTestEnvironment;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code docker push ouruser/sinatra}: images in the layer-store (as a build leaves them) copied to the upstream,
 * every tag when none is named, verified by pulling them back from the upstream with skopeo.
 */
@QuarkusTest
class PushJobTest {

    private static List<JobEvent> run(PushSpec spec) {
        return KafkaJobs.awaitEnd(KafkaJobs.submit(spec), Duration.ofSeconds(90));
    }

    @Test
    void pushesEveryTagMountingBaseLayersAndSkippingWhatTheUpstreamHas() {
        LocalRegistry upstream = SyncTestEnvironment.upstream();
        LocalRegistry store = SyncTestEnvironment.store();
        TestLayer base = TestLayer.random(500_000, 201);
        TestImage baseImage = TestImage.single(List.of(base));
        baseImage.push(upstream, "library/ubuntu", "14.04", null, SyncTestEnvironment.work());
        List<JobEvent> pulled = KafkaJobs.awaitEnd(
                KafkaJobs.submit(new PullSpec(ImageReference.parse("ubuntu:14.04"), false)), Duration.ofSeconds(90));
        assertThat(PullJobTest.last(pulled)).isInstanceOf(JobSucceeded.class);
        // "built here": two tags on top of the pulled base, written into the layer-store by an independent client
        TestLayer own = TestLayer.random(300_000, 202);
        TestImage v2 = TestImage.single(List.of(base, own));
        TestImage latest = TestImage.single(List.of(base, own, TestLayer.random(1_000, 203)));
        v2.push(store, "ouruser/sinatra", "v2", null, SyncTestEnvironment.work());
        latest.push(store, "ouruser/sinatra", "latest", null, SyncTestEnvironment.work());

        ImageReference allTags = new ImageReference("docker.io", RepositoryName.parse("ouruser/sinatra"), null, null);
        List<JobEvent> events = run(new PushSpec(allTags));

        assertThat(PullJobTest.last(events)).isInstanceOfSatisfying(JobSucceeded.class, done -> assertThat(done.result())
                .containsEntry("digest.v2", v2.top().digest().toString())
                .containsEntry("digest.latest", latest.top().digest().toString())
                .containsKeys("size.v2", "size.latest"));
        assertThat(Skopeo.digest(upstream, "ouruser/sinatra:v2")).isEqualTo(v2.top().digest().toString());
        assertThat(Skopeo.digest(upstream, "ouruser/sinatra:latest"))
                .isEqualTo(latest.top().digest().toString());
        assertThat(PullJobTest.statuses(events, base.descriptor())).contains("Mounted from library/ubuntu");
        assertThat(PullJobTest.statuses(events, own.descriptor())).contains("Pushed");
        assertThat(upstream.count("PUT", 201, p -> p.startsWith("/v2/ouruser/sinatra/blobs/uploads/"))).isPositive();
        // blobs pulled back from the upstream are the ones built here
        Skopeo.copyToLayout(upstream, "ouruser/sinatra:v2", SyncTestEnvironment.work().resolve("pushed-back"), "v2");

        List<JobEvent> again = run(new PushSpec(ImageReference.parse("ouruser/sinatra:v2")));
        assertThat(PullJobTest.last(again)).isInstanceOf(JobSucceeded.class);
        assertThat(PullJobTest.statuses(again, own.descriptor())).containsExactlyInAnyOrder("Preparing",
                "Layer already exists");
    }

    @Test
    void pushingATagThatIsNotInTheLayerStoreFailsClearly() {
        List<JobEvent> events = run(new PushSpec(ImageReference.parse("ouruser/nothing-here:v9")));
        assertThat(PullJobTest.last(events)).isInstanceOfSatisfying(JobFailed.class,
                f -> assertThat(f.message()).contains("does not exist locally").contains("ouruser/nothing-here:v9"));
        assertThat(events).noneMatch(Progress.class::isInstance);
    }
}
