package dev.slipway.worker.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.common.oci.ImageReference;
import dev.slipway.registry.client.CredentialsProvider;
import dev.slipway.worker.build.BuildExecutor;
import dev.slipway.worker.build.BuildListener;
import dev.slipway.worker.build.BuildRequest;
import dev.slipway.worker.build.Cancellation;
import dev.slipway.worker.cache.BuildCache;
import dev.slipway.worker.fs.FileStat;
import dev.slipway.worker.registry.LayerStore;
import dev.slipway.worker.runtime.ContainerRunner;
import dev.slipway.worker.snapshot.CacheMounts;
import dev.slipway.worker.snapshot.LayerDirectory;
import dev.slipway.worker.sync.PullThrough;
import dev.slipway.worker.testing.BusyboxRootfs;
import dev.slipway.worker.testing.Expectations;
import dev.slipway.worker.testing.LocalLayerStore;
import dev.slipway.worker.testing.PulledImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * {@code bench/build}: the build corpus built by buildah ({@code --storage-driver vfs --isolation chroot --layers},
 * then {@code buildah push}) and by Slipway's build engine, both ending in the same loopback layer-store;
 * cold and fully cached; prints per-context times, the median ratios, and the differences between the two
 * flattened filesystems and configs. Not part of the test command.
 *
 * <p>Usage: {@code BuildBench <corpus dir> <scratch dir>}
 */
public final class BuildBench {

    private static final List<String> CONFIG_FIELDS = List.of("Env", "Cmd", "Entrypoint", "User", "WorkingDir",
            "Labels", "ExposedPorts", "Volumes", "StopSignal", "Healthcheck", "Shell", "OnBuild");

    /** The layer-store of the run: its /v2 and its cache API. */
    private static URI layerStoreUrl;

    private BuildBench() {
    }

    private record Times(String name, double slipCold, double slipCached, double buildahCold, double buildahCached) {
    }

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(args.length > 0 ? args[0] : "src/test/resources/corpus").toAbsolutePath();
        Path scratch = Files.createDirectories(Path.of(args.length > 1 ? args[1] : "/tmp/slipway-bench-build").toAbsolutePath());
        try (LocalLayerStore registry = LocalLayerStore.start(Files.createTempDirectory(scratch, "registry"))) {
            layerStoreUrl = URI.create(registry.url());
            LayerStore client = LayerStore.connect(layerStoreUrl, CredentialsProvider.ANONYMOUS);
            Path base = Files.createDirectories(Files.createTempDirectory(scratch, "base"));
            BusyboxRootfs.create(Files.createDirectories(base.resolve("rootfs")));
            Files.writeString(base.resolve("Dockerfile"), "FROM scratch\nCOPY rootfs/ /\nCMD [\"/bin/sh\"]\n");
            slipway(client, Files.createTempDirectory(scratch, "w"), base, "base/busybox:1", Map.of(), null, Map.of(), false);

            List<Path> contexts;
            try (Stream<Path> s = Files.list(corpus)) {
                contexts = new ArrayList<>(s.filter(Files::isDirectory).sorted().toList());
            }
            contexts.sort(Comparator.comparing(d -> read(d).after != null));
            List<Times> times = new ArrayList<>();
            StringBuilder diffs = new StringBuilder();
            for (Path ctx : contexts) {
                String name = ctx.getFileName().toString();
                Expectations e = read(ctx);
                Map<String, String> slipArgs = new LinkedHashMap<>(e.args);
                slipArgs.put("BASE", registry.host() + "/base/busybox:1");
                slipArgs.put("PARENT", registry.host() + "/slipway/onbuild-parent:1");
                Map<String, String> buildahArgs = new LinkedHashMap<>(e.args);
                buildahArgs.put("BASE", registry.host() + "/base/busybox:1");
                buildahArgs.put("PARENT", registry.host() + "/buildah/onbuild-parent:1");
                String slipTag = "slipway/" + name + ":1";
                double sc = slipway(client, Files.createTempDirectory(scratch, "cold"), ctx, slipTag, slipArgs, e.target,
                        e.secrets, true);
                double sh = slipway(client, Files.createTempDirectory(scratch, "cached"), ctx, slipTag, slipArgs, e.target,
                        e.secrets, false);
                Path root = Files.createTempDirectory(scratch, "buildah");
                double bc;
                double bh;
                try {
                    bc = buildah(root, ctx, name, registry.host(), buildahArgs, e.target, e.secrets, scratch);
                    bh = buildah(root, ctx, name, registry.host(), buildahArgs, e.target, e.secrets, scratch);
                } catch (IOException failed) {
                    // This buildah cannot build the context (e.g. heredocs): no ratio, but say so.
                    String why = failed.getMessage().lines().filter(l -> l.startsWith("Error")).findFirst().orElse("failed");
                    System.out.printf("%-20s slipway cold %6.2fs cached %6.2fs | buildah cannot build it: %s%n",
                            name, sc, sh, why);
                    diffs.append(name).append(": not compared, buildah failed: ").append(why).append('\n');
                    continue;
                }
                times.add(new Times(name, sc, sh, bc, bh));
                PulledImage a = PulledImage.pull(registry.host() + "/" + slipTag, Files.createTempDirectory(scratch, "pa"));
                PulledImage b = PulledImage.pull(registry.host() + "/buildah/" + name + ":1",
                        Files.createTempDirectory(scratch, "pb"));
                List<String> d = compare(a, b);
                diffs.append(name).append(": ").append(d.isEmpty() ? "identical files and config" : d.size() + " difference(s)")
                        .append('\n');
                d.stream().limit(12).forEach(x -> diffs.append("    ").append(x).append('\n'));
                System.out.printf("%-20s slipway cold %6.2fs cached %6.2fs | buildah cold %6.2fs cached %6.2fs%n",
                        name, sc, sh, bc, bh);
            }
            double coldRatio = median(times.stream().map(t -> t.slipCold() / t.buildahCold()).toList());
            double cachedRatio = median(times.stream().map(t -> t.slipCached() / t.buildahCached()).toList());
            System.out.println();
            System.out.printf("median ratio slipway/buildah: cold %.2fx (goal <= 1.0x), fully cached %.2fx (goal <= 0.2x)%n",
                    coldRatio, cachedRatio);
            System.out.println();
            System.out.println("differences slipway vs buildah (flattened filesystem: type, mode, owner, content; config fields):");
            System.out.print(diffs);
        }
    }

    private static Expectations read(Path ctx) {
        try {
            return Expectations.read(ctx.resolve("expect"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double slipway(LayerStore client, Path work, Path ctx, String tag, Map<String, String> args,
                                  String target, Map<String, String> secrets, boolean noCache) throws Exception {
        BuildExecutor ex = new BuildExecutor(client, new ContainerRunner(work.resolve("runtime")),
                new LayerDirectory(work.resolve("layers"), Long.MAX_VALUE), BuildCache.inLayerStore(layerStoreUrl, client), work,
                Duration.ofMinutes(10), new PullThrough(URI.create("http://127.0.0.1:1"), Duration.ofSeconds(5)),
                new CacheMounts(work.resolve("cache-mounts"), Long.MAX_VALUE), 2);
        long t = System.nanoTime();
        ex.build(new BuildRequest(ctx, "Dockerfile", args, target, List.of(ImageReference.parse(tag)), noCache, null,
                Map.of(), secrets), new BuildListener() { }, new Cancellation());
        return (System.nanoTime() - t) / 1e9;
    }

    private static double buildah(Path root, Path ctx, String name, String host, Map<String, String> args, String target,
                                  Map<String, String> secrets, Path scratch) throws Exception {
        List<String> common = List.of("buildah", "--root", root.resolve("root").toString(), "--runroot",
                root.resolve("run").toString(), "--storage-driver", "vfs");
        List<String> bud = new ArrayList<>(common);
        bud.addAll(List.of("bud", "--isolation", "chroot", "--layers", "--tls-verify=false", "-q", "-t", "localhost/" + name + ":1"));
        args.forEach((k, v) -> bud.addAll(List.of("--build-arg", k + "=" + v)));
        if (target != null) {
            bud.addAll(List.of("--target", target));
        }
        for (Map.Entry<String, String> s : secrets.entrySet()) {
            Path f = Files.writeString(Files.createTempFile(scratch, "secret", ""), s.getValue());
            bud.addAll(List.of("--secret", "id=" + s.getKey() + ",src=" + f));
        }
        bud.add(ctx.toString());
        List<String> push = new ArrayList<>(common);
        push.addAll(List.of("push", "--tls-verify=false", "-q", "localhost/" + name + ":1", "docker://" + host + "/buildah/" + name + ":1"));
        long t = System.nanoTime();
        PulledImage.run(bud);
        PulledImage.run(push);
        return (System.nanoTime() - t) / 1e9;
    }

    private static double median(List<Double> values) {
        List<Double> s = values.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** Differences between two flattened images: per path (type, mode, owner, content digest) and config fields. */
    static List<String> compare(PulledImage a, PulledImage b) throws IOException {
        Map<String, String> fa = tree(a.rootfs());
        Map<String, String> fb = tree(b.rootfs());
        List<String> out = new ArrayList<>();
        for (String p : new TreeSet<>(union(fa.keySet(), fb.keySet()))) {
            String x = fa.get(p);
            String y = fb.get(p);
            if (x == null) {
                out.add("only in buildah: " + p + " " + y);
            } else if (y == null) {
                out.add("only in slipway: " + p + " " + x);
            } else if (!x.equals(y)) {
                out.add(p + ": slipway " + x + " | buildah " + y);
            }
        }
        JsonNode ca = a.config().path("config");
        JsonNode cb = b.config().path("config");
        for (String f : CONFIG_FIELDS) {
            if (!ca.path(f).equals(cb.path(f))) {
                out.add("config " + f + ": slipway " + ca.path(f) + " | buildah " + cb.path(f));
            }
        }
        return out;
    }

    private static TreeSet<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        TreeSet<String> s = new TreeSet<>(a);
        s.addAll(b);
        return s;
    }

    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> m = new TreeMap<>();
        List<Path> all;
        try (Stream<Path> s = Files.walk(root)) {
            all = s.toList();
        }
        for (Path p : all) {
            if (p.equals(root)) {
                continue;
            }
            FileStat st = FileStat.of(p);
            String desc = Integer.toOctalString(st.mode()) + " " + st.uid() + ":" + st.gid();
            if (st.isRegular()) {
                try (InputStream in = Files.newInputStream(p)) {
                    desc += " " + dev.slipway.common.oci.Digest.compute(dev.slipway.common.oci.Digest.Algorithm.SHA256, in)
                            .shortId();
                }
            } else if (Files.isSymbolicLink(p)) {
                desc += " -> " + Files.readSymbolicLink(p);
            } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                desc += " dir";
            }
            m.put("/" + root.relativize(p), desc);
        }
        return m;
    }
}
