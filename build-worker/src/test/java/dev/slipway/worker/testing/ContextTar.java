package dev.slipway.worker.testing;

import dev.slipway.worker.fs.FileStat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Packs a directory into a tar the way a docker client sends a build context. */
public final class ContextTar {

    private ContextTar() {
    }

    public static byte[] of(Path dir) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes, StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            List<Path> all;
            try (Stream<Path> s = Files.walk(dir)) {
                all = s.sorted().toList();
            }
            for (Path p : all) {
                if (p.equals(dir)) {
                    continue;
                }
                String name = dir.relativize(p).toString();
                TarArchiveEntry e;
                if (Files.isSymbolicLink(p)) {
                    e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                    e.setLinkName(Files.readSymbolicLink(p).toString());
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    e = new TarArchiveEntry(name + "/", TarArchiveEntry.LF_DIR);
                } else {
                    e = new TarArchiveEntry(name, TarArchiveEntry.LF_NORMAL);
                    e.setSize(Files.size(p));
                }
                FileStat st = FileStat.of(p);
                e.setMode(st.mode());
                e.setModTime(st.mtime().toEpochMilli());
                tar.putArchiveEntry(e);
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.copy(p, tar);
                }
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
