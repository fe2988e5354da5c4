package dev.slipway.worker.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal Linux rootfs made from the host's statically linked busybox ({@code busybox-static}): the binary at
 * {@code /bin/busybox} and one symlink per applet, like {@code busybox --install -s}. The applet list is read
 * from the binary's applet-name table instead of running busybox on the host.
 */
public final class BusyboxRootfs {

    /** The Debian package's binary. */
    public static final Path HOST_BUSYBOX = Path.of("/bin/busybox");

    private BusyboxRootfs() {
    }

    /** Writes {@code bin/busybox}, the applet symlinks, {@code /etc/passwd}, {@code /etc/group} and {@code /tmp}. */
    public static void create(Path root) throws IOException {
        Path bin = Files.createDirectories(root.resolve("bin"));
        Files.copy(HOST_BUSYBOX, bin.resolve("busybox"));
        for (String applet : applets()) {
            if (!applet.equals("busybox") && !applet.contains("/")) {
                Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
            }
        }
        Path etc = Files.createDirectories(root.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\napp:x:1000:\nstaff:x:50:app\n");
        Files.createDirectories(root.resolve("tmp"));
        Files.createDirectories(root.resolve("root"));
    }

    /**
     * The applet names: busybox stores them as one NUL-separated, sorted table that starts with "[" and "[[".
     */
    public static List<String> applets() throws IOException {
        byte[] b = Files.readAllBytes(HOST_BUSYBOX);
        byte[] marker = {'[', 0, '[', '[', 0};
        int start = indexOf(b, marker);
        if (start < 0) {
            throw new IOException(HOST_BUSYBOX + " has no applet table");
        }
        List<String> names = new ArrayList<>();
        int i = start;
        while (i < b.length && b[i] != 0) {
            int end = i;
            while (b[end] != 0) {
                end++;
            }
            names.add(new String(b, i, end - i, StandardCharsets.US_ASCII));
            i = end + 1;
        }
        return names;
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
