package dev.slipway.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.worker.dockerfile.NetworkMode;
import dev.slipway.worker.fs.OverlayMount;
import dev.slipway.worker.layer.Compression;
import dev.slipway.worker.layer.LayerBlob;
import dev.slipway.worker.layer.LayerPacker;
import dev.slipway.worker.testing.BusyboxRootfs;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real runc on a real overlay mount of a busybox rootfs. */
class ContainerRunnerTest {

    @TempDir
    Path tmp;
    Path lower;
    Path upper;
    OverlayMount overlay;
    ContainerRunner runner;
    final List<String> out = Collections.synchronizedList(new ArrayList<>());
    final List<String> err = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void rootfs() throws Exception {
        lower = Files.createDirectory(tmp.resolve("lower"));
        BusyboxRootfs.create(lower);
        Files.writeString(lower.resolve("etc/old"), "to be deleted");
        upper = Files.createDirectory(tmp.resolve("upper"));
        overlay = OverlayMount.mount(List.of(lower), upper, Files.createDirectory(tmp.resolve("work")),
                Files.createDirectory(tmp.resolve("merged")));
        runner = new ContainerRunner(Files.createDirectory(tmp.resolve("state")));
    }

    @AfterEach
    void unmount() throws Exception {
        overlay.close();
    }

    private RunResult sh(String script, NetworkMode network, String user, Duration timeout) throws Exception {
        ContainerSpec spec = new ContainerSpec("t-" + UUID.randomUUID().toString().substring(0, 8),
                List.of("/bin/sh", "-c", script), List.of("GREETING=hi"), "/", user, network, List.of(), timeout);
        return runner.run(overlay.target(), spec, (s, l) -> (s == OutputSink.Stream.STDOUT ? out : err).add(l));
    }

    private RunResult sh(String script) throws Exception {
        return sh(script, NetworkMode.NONE, "", Duration.ofSeconds(60));
    }

    @Test
    void streamsStdoutAndStderrLines() throws Exception {
        RunResult r = sh("echo $GREETING; echo two; echo oops >&2; echo $HOME; echo $PATH");
        assertThat(r.exitCode()).as("stderr %s", err).isZero();
        assertThat(out).containsExactly("hi", "two", "/root", ContainerRunner.DEFAULT_PATH);
        assertThat(err).containsExactly("oops");
    }

    @Test
    void reportsTheExitCode() throws Exception {
        assertThat(sh("exit 3").exitCode()).isEqualTo(3);
    }

    @Test
    void runsAsTheImageUserResolvedFromItsPasswd() throws Exception {
        RunResult r = sh("id -u; id -g; id -G; echo $HOME; pwd", NetworkMode.NONE, "app", Duration.ofSeconds(60));
        assertThat(r.exitCode()).isZero();
        assertThat(out).containsExactly("1000", "1000", "1000 50", "/home/app", "/");
        assertThatThrownBy(() -> sh("true", NetworkMode.NONE, "nobody-here", Duration.ofSeconds(60)))
                .isInstanceOf(UserResolver.UnknownUserException.class).hasMessageContaining("unable to find user nobody-here");
    }

    @Test
    void ownNamespacesAndHostname() throws Exception {
        assertThat(sh("echo $$; hostname; cat /etc/hosts | head -1").exitCode()).isZero();
        assertThat(out.get(0)).isEqualTo("1");
        assertThat(out.get(1)).isEqualTo("buildkitsandbox");
    }

    @Test
    void changesLandInTheUpperDirAsALayerWithoutRuntimeMountPoints() throws Exception {
        assertThat(sh("echo new > /etc/new; rm /etc/old; mkdir -p /data && ln /etc/new /data/hard && ln -s /etc/new /data/soft")
                .exitCode()).isZero();
        overlay.close();
        LayerBlob blob = LayerPacker.pack(upper, tmp.resolve("layer.tgz"), Compression.GZIP, null);
        List<String> names = new ArrayList<>();
        try (InputStream in = Compression.GZIP.decompress(Files.newInputStream(blob.file()))) {
            TarArchiveInputStream t = new TarArchiveInputStream(in);
            TarArchiveEntry e;
            while ((e = t.getNextEntry()) != null) {
                names.add(e.getName() + (e.isLink() ? " => " + e.getLinkName() : "")
                        + (e.isSymbolicLink() ? " -> " + e.getLinkName() : ""));
            }
        }
        assertThat(names).containsExactly("data/", "data/hard", "data/soft -> /etc/new", "etc/", "etc/.wh.old",
                "etc/new => data/hard");
        overlay = OverlayMount.mount(List.of(lower), upper, tmp.resolve("work"), tmp.resolve("merged"));
    }

    @Test
    void networkNoneHasOnlyLoopback() throws Exception {
        assertThat(sh("ip -o link | cut -d: -f2").exitCode()).isZero();
        assertThat(out).containsExactly(" lo");
    }

    @Test
    void defaultNetworkCannotReachTheHostLoopback() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = server.getLocalPort();
            AtomicInteger accepted = new AtomicInteger();
            CompletableFuture<Void> acceptor = CompletableFuture.runAsync(() -> {
                try {
                    server.setSoTimeout(100);
                    while (!server.isClosed()) {
                        try {
                            server.accept().close();
                            accepted.incrementAndGet();
                        } catch (SocketTimeoutException ignored) {
                            // poll until closed
                        }
                    }
                } catch (Exception ignored) {
                    // closed
                }
            });
            RunResult r = sh("ip -o -4 addr show tap0 | grep -q 10.0.2.100 || exit 10; "
                    + "echo x | nc -w 3 127.0.0.1 " + port + " && exit 11; "
                    + "echo x | nc -w 3 10.0.2.2 " + port + " && exit 12; exit 0",
                    NetworkMode.DEFAULT, "", Duration.ofSeconds(60));
            server.close();
            acceptor.get(5, TimeUnit.SECONDS);
            assertThat(r.exitCode()).as("stdout %s stderr %s", out, err).isZero();
            assertThat(accepted.get()).isZero();
        }
    }

    @Test
    void timeoutKillsTheContainer() throws Exception {
        long start = System.nanoTime();
        RunResult r = sh("sleep 60", NetworkMode.NONE, "", Duration.ofSeconds(1));
        assertThat(r.timedOut()).isTrue();
        assertThat(r.exitCode()).isNotZero();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void killCancelsARunningContainer() throws Exception {
        String id = "kill-" + UUID.randomUUID().toString().substring(0, 8);
        ContainerSpec spec = new ContainerSpec(id, List.of("/bin/sh", "-c", "echo started; sleep 60"), List.of(), "/", "",
                NetworkMode.NONE, List.of(), Duration.ofSeconds(120));
        CompletableFuture<RunResult> f = CompletableFuture.supplyAsync(() -> {
            try {
                return runner.run(overlay.target(), spec, (s, l) -> out.add(l));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.currentTimeMillis() + 20_000;
        while (!out.contains("started") && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(runner.kill(id)).isTrue();
        RunResult r = f.get(30, TimeUnit.SECONDS);
        assertThat(r.cancelled()).isTrue();
        assertThat(r.exitCode()).isNotZero();
    }
}
