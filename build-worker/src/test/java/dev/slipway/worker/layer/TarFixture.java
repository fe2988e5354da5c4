package dev.slipway.worker.layer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds small tar archives for tests, entry by entry, and reads them back. */
final class TarFixture {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar;

    TarFixture() {
        tar = new TarArchiveOutputStream(bytes, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    }

    TarFixture dir(String name, int mode, int uid, int gid) throws IOException {
        return add(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, mode, uid, gid, null, e -> { });
    }

    TarFixture file(String name, String content, int mode, int uid, int gid) throws IOException {
        return add(name, TarConstants.LF_NORMAL, mode, uid, gid, content, e -> { });
    }

    TarFixture file(String name, String content) throws IOException {
        return file(name, content, 0644, 0, 0);
    }

    TarFixture symlink(String name, String target) throws IOException {
        return add(name, TarConstants.LF_SYMLINK, 0777, 0, 0, null, e -> e.setLinkName(target));
    }

    TarFixture hardlink(String name, String target) throws IOException {
        return add(name, TarConstants.LF_LINK, 0644, 0, 0, null, e -> e.setLinkName(target));
    }

    TarFixture device(String name, boolean chr, int major, int minor) throws IOException {
        return add(name, chr ? TarConstants.LF_CHR : TarConstants.LF_BLK, 0620, 0, 0, null, e -> {
            e.setDevMajor(major);
            e.setDevMinor(minor);
        });
    }

    TarFixture fifo(String name) throws IOException {
        return add(name, TarConstants.LF_FIFO, 0600, 0, 0, null, e -> { });
    }

    TarFixture xattr(String name, String content, String attr, String value) throws IOException {
        return add(name, TarConstants.LF_NORMAL, 0644, 0, 0, content, e -> e.addPaxHeader("SCHILY.xattr." + attr, value));
    }

    private TarFixture add(String name, byte type, int mode, int uid, int gid, String content,
                           Consumer<TarArchiveEntry> extra) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, type);
        e.setMode(mode);
        e.setIds(uid, gid);
        e.setModTime(1_600_000_000_000L);
        byte[] data = content == null ? new byte[0] : content.getBytes(StandardCharsets.UTF_8);
        if (type == TarConstants.LF_NORMAL) {
            e.setSize(data.length);
        }
        extra.accept(e);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
        return this;
    }

    InputStream stream() throws IOException {
        tar.finish();
        return new ByteArrayInputStream(bytes.toByteArray());
    }

    /** Reads every entry of a tar: "name type [linkname]" with the type flag as a char. */
    static List<TarArchiveEntry> entries(InputStream in) throws IOException {
        List<TarArchiveEntry> out = new ArrayList<>();
        TarArchiveInputStream t = new TarArchiveInputStream(in, StandardCharsets.UTF_8.name());
        TarArchiveEntry e;
        while ((e = t.getNextEntry()) != null) {
            out.add(e);
        }
        return out;
    }
}
