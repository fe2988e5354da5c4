package dev.slipway.worker.build;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.common.oci.Descriptor;
import dev.slipway.common.oci.Digest;
import dev.slipway.common.oci.ImageConfig;
import dev.slipway.common.oci.ImageManifest;
import dev.slipway.common.oci.ImageReference;
import dev.slipway.common.oci.Manifest;
import dev.slipway.common.oci.MediaType;
import dev.slipway.common.oci.MediaTypes;
import dev.slipway.common.oci.RepositoryName;
import dev.slipway.common.oci.Tag;
import dev.slipway.worker.dockerfile.NetworkMode;
import dev.slipway.worker.layer.Compression;
import dev.slipway.worker.layer.LayerBlob;
import dev.slipway.worker.runtime.ContainerSpec;
import dev.slipway.worker.runtime.OutputSink;
import dev.slipway.worker.runtime.RunResult;
import dev.slipway.worker.runtime.UserResolver;
import dev.slipway.worker.snapshot.LayerDirectory;
import dev.slipway.worker.snapshot.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code docker run} and {@code docker commit}: a run starts a container from an image, streams its output and,
 * when it exits, keeps its filesystem change as a pending layer in the layer-store under a container id; a commit
 * turns that container into a new image whose history carries the message and whose config carries the author.
 * A pending container is an OCI manifest tagged {@code c-<id>} in {@code slipway-internal/containers}. Thread-safe.
 */
public final class Containers {

    /** Where pending containers are kept. */
    public static final RepositoryName REPOSITORY = RepositoryName.parse("slipway-internal/containers");
    static final MediaType CONTAINER_TYPE = new MediaType("application/vnd.slipway.container.v1+json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Services services;

    public Containers(BuildExecutor executor) {
        this.services = executor.services();
    }

    /**
     * The outcome of a run.
     *
     * @param containerId the id to commit (64 hex digits, like Docker's)
     * @param exitCode the command's exit status
     */
    public record RunOutcome(String containerId, int exitCode) {
    }

    /**
     * Runs {@code cmd} (or the image's command) in a container of {@code image}, then keeps its changes.
     *
     * @throws BuildFailedException when the image is missing, the user unknown, or the run is cancelled
     */
    public RunOutcome run(ImageReference image, List<String> cmd, Map<String, String> env, String workdir, String user,
                          OutputSink sink, Cancellation cancellation) throws BuildFailedException, IOException {
        BaseImages.Image img;
        try {
            img = services.baseImages().require(image);
        } catch (BaseImages.NotFoundException e) {
            throw new BuildFailedException("Unable to find image '" + image.familiar() + "': " + e.getMessage(), 0, 0,
                    null, false);
        }
        ImageConfig.ContainerConfig c = img.config().config();
        List<String> argv = new ArrayList<>(c.entrypoint());
        argv.addAll(cmd.isEmpty() ? c.cmd() : cmd);
        if (argv.isEmpty()) {
            throw new BuildFailedException("no command specified", 0, 0, null, false);
        }
        Map<String, String> environment = new LinkedHashMap<>(BuildRun.env(img.config()));
        environment.putAll(env);
        List<String> envList = new ArrayList<>();
        environment.forEach((k, v) -> envList.add(k + "=" + v));
        String cwd = workdir != null && !workdir.isEmpty() ? workdir
                : (c.workingDir() == null || c.workingDir().isEmpty() ? "/" : c.workingDir());
        String runUser = user != null && !user.isEmpty() ? user : (c.user() == null ? "" : c.user());
        String id = Digest.sha256(UUID.randomUUID().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)).hex();
        Path blobFile = Files.createDirectories(services.work().resolve("blobs")).resolve(id + ".tar.gz");
        try (LayerDirectory.Lease lease = services.layers().lease();
             Snapshot snap = Snapshot.create(services.work().resolve("snapshots"), services.layers(),
                     BuildRun.materialize(services, img.layers(), lease))) {
            String runcId = "r" + id.substring(0, 20);
            RunResult result;
            try (AutoCloseable hook = cancellation.onCancel(() -> services.runner().kill(runcId))) {
                result = services.runner().run(snap.root(), new ContainerSpec(runcId, argv, envList, cwd, runUser,
                        NetworkMode.DEFAULT, List.of(), services.stepTimeout()), sink);
            } catch (UserResolver.UnknownUserException e) {
                throw new BuildFailedException(e.getMessage(), 0, 0, null, false);
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
            if (result.cancelled()) {
                throw new BuildFailedException("run cancelled", 0, 0, null, true);
            }
            LayerBlob blob = snap.commit(blobFile, Compression.GZIP, null);
            ObjectNode record = JSON.createObjectNode();
            record.put("image", image.toString());
            record.put("baseRepository", img.repository().value());
            record.put("baseManifest", img.manifestDigest().toString());
            record.put("createdBy", String.join(" ", argv));
            record.put("exitCode", result.exitCode());
            record.put("finished", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            List<Descriptor> layers = new ArrayList<>();
            if (blob.entries() > 0) {
                services.registry().pushBlob(REPOSITORY, blob.digest(), blob.file());
                layers.add(Descriptor.of(blob.mediaType(), blob.digest(), blob.size()));
                record.put("diffId", blob.diffId().toString());
            }
            byte[] config = JSON.writeValueAsBytes(record);
            Digest configDigest = services.registry().pushBlob(REPOSITORY, config);
            services.registry().pushManifest(REPOSITORY, "c-" + id, ImageManifest.of(MediaTypes.OCI_MANIFEST,
                    Descriptor.of(CONTAINER_TYPE, configDigest, config.length), layers, Map.of()));
            return new RunOutcome(id, result.exitCode());
        } finally {
            Files.deleteIfExists(blobFile);
        }
    }

    /**
     * Commits a container kept by {@link #run} as {@code repository:tag}.
     *
     * @throws BuildFailedException when no such container exists
     */
    public BuildResult commit(String container, RepositoryName repository, Tag tag, String message, String author)
            throws BuildFailedException, IOException {
        String id = container.strip().toLowerCase();
        if (!id.matches("[0-9a-f]{12,64}")) {
            throw new BuildFailedException("No such container: " + container, 0, 0, null, false);
        }
        Optional<Manifest> m = id.length() == 64 ? services.registry().pullManifest(REPOSITORY, "c-" + id) : Optional.empty();
        if (m.isEmpty() || !(m.get() instanceof ImageManifest record) || !CONTAINER_TYPE.equals(record.config().mediaType())) {
            throw new BuildFailedException("No such container: " + container, 0, 0, null, false);
        }
        ObjectNode r = (ObjectNode) JSON.readTree(services.registry().pullBlobBytes(REPOSITORY, record.config()));
        RepositoryName baseRepo = RepositoryName.parse(r.get("baseRepository").asText());
        ImageReference baseRef = new ImageReference(ImageReference.DOCKER_HUB, baseRepo, null,
                Digest.parse(r.get("baseManifest").asText()));
        BaseImages.Image base = services.baseImages().resolve(baseRef).orElseThrow(() -> new BuildFailedException(
                "the image of container " + container + " is gone from the layer-store", 0, 0, null, false));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<LayerRef> layers = new ArrayList<>(base.layers());
        Digest diffId = null;
        if (!record.layers().isEmpty()) {
            diffId = Digest.parse(r.get("diffId").asText());
            layers.add(new LayerRef(record.layers().get(0), diffId, REPOSITORY));
        }
        ImageConfig config = base.config()
                .withStep(diffId, new ImageConfig.History(now, r.get("createdBy").asText(), author, message, diffId == null))
                .withCreated(now, author);
        byte[] configBytes = config.toJson();
        Digest configDigest = Digest.sha256(configBytes);
        List<Descriptor> descriptors = new ArrayList<>();
        for (LayerRef l : layers) {
            services.registry().copyBlob(l.repository(), repository, l.descriptor());
            Descriptor d = l.descriptor();
            descriptors.add(MediaTypes.DOCKER_LAYER_GZIP.equals(d.mediaType())
                    ? Descriptor.of(MediaTypes.OCI_LAYER_GZIP, d.digest(), d.size()) : d);
        }
        services.registry().pushBlob(repository, configBytes);
        ImageManifest manifest = ImageManifest.of(MediaTypes.OCI_MANIFEST,
                Descriptor.of(MediaTypes.OCI_CONFIG, configDigest, configBytes.length), descriptors, Map.of());
        services.registry().pushManifest(repository, tag.value(), manifest);
        return new BuildResult(manifest.digest(), configDigest, List.of(ImageReference.parse(repository.value() + ":" + tag.value())), 0, 0);
    }
}
