package dev.slipway.cli.context;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Tars a build context the way {@code docker build} does before sending it: every file, directory and symbolic link
 * under the context root (links are stored as links, never followed), minus what {@code .dockerignore} excludes —
 * except the Dockerfile and {@code .dockerignore} themselves, which the builder always needs. Entries are sorted,
 * owned by 0:0 and keep their permission bits and modification times. A Dockerfile outside the context is added
 * under a generated name.
 */
public final class ContextArchive {

    static final String IGNORE_FILE = ".dockerignore";
    static final String DEFAULT_DOCKERFILE = "Dockerfile";

    private final Path root;
    private final Path dockerfile;

    /**
     * @param root the context folder
     * @param dockerfile the {@code -f} path as typed (relative to the working directory), or {@code null} for
     *                   {@code <root>/Dockerfile}
     */
    public ContextArchive(Path root, Path dockerfile) {
        this.root = root.toAbsolutePath().normalize();
        this.dockerfile = dockerfile == null ? this.root.resolve(DEFAULT_DOCKERFILE)
                : dockerfile.toAbsolutePath().normalize();
    }

    /**
     * Writes the context tar.
     *
     * @param out where the tar goes (left open)
     * @return the Dockerfile's path inside the tar, for the {@code dockerfile} build parameter
     * @throws ContextException if the context or Dockerfile is missing, or {@code .dockerignore} is malformed
     * @throws IOException if reading a file or writing fails
     */
    public String write(OutputStream out) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new ContextException("unable to prepare context: path \"" + root + "\" not found");
        }
        if (!Files.isRegularFile(dockerfile)) {
            throw new ContextException("unable to prepare context: the Dockerfile (" + dockerfile
                    + ") cannot be found");
        }
        DockerIgnore ignore = readIgnore();
        String dockerfileName = dockerfile.startsWith(root) ? slashed(root.relativize(dockerfile)) : null;
        TreeMap<String, Path> entries = collect(ignore, dockerfileName);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new NonClosing(out), StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        for (var entry : entries.entrySet()) {
            add(tar, entry.getKey(), entry.getValue());
        }
        if (dockerfileName == null) {
            // docker sends a Dockerfile that lives outside the context under a generated name
            dockerfileName = ".dockerfile." + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            add(tar, dockerfileName, dockerfile);
        }
        tar.finish();
        tar.close();
        return dockerfileName;
    }

    private DockerIgnore readIgnore() throws IOException {
        Path file = root.resolve(IGNORE_FILE);
        if (!Files.isRegularFile(file)) {
            return DockerIgnore.none();
        }
        try {
            return DockerIgnore.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new ContextException(e.getMessage());
        }
    }

    private TreeMap<String, Path> collect(DockerIgnore ignore, String dockerfileName) throws IOException {
        TreeMap<String, Path> entries = new TreeMap<>();
        Set<String> always = dockerfileName == null ? Set.of(IGNORE_FILE) : Set.of(IGNORE_FILE, dockerfileName);
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (dir.equals(root)) {
                    return FileVisitResult.CONTINUE;
                }
                String name = slashed(root.relativize(dir));
                if (ignore.excludes(name)) {
                    return ignore.hasExceptions() ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
                }
                entries.put(name + "/", dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String name = slashed(root.relativize(file));
                if (always.contains(name) || !ignore.excludes(name)) {
                    entries.put(name, file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                throw new ContextException("cannot read " + file + " in the build context: " + e.getMessage());
            }
        });
        addMissingParents(entries);
        return entries;
    }

    /** A file re-included by {@code !} below an excluded directory still needs its directories in the tar. */
    private void addMissingParents(TreeMap<String, Path> entries) {
        List<String> names = new ArrayList<>(entries.keySet());
        for (String name : names) {
            String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
            for (int slash = trimmed.lastIndexOf('/'); slash > 0; slash = trimmed.lastIndexOf('/', slash - 1)) {
                String parent = trimmed.substring(0, slash + 1);
                entries.putIfAbsent(parent, root.resolve(parent));
            }
        }
    }

    private static void add(TarArchiveOutputStream tar, String name, Path path) throws IOException {
        TarArchiveEntry entry;
        try {
            if (Files.isSymbolicLink(path)) {
                entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                entry.setLinkName(Files.readSymbolicLink(path).toString());
            } else {
                entry = new TarArchiveEntry(name);
                if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    entry.setSize(Files.size(path));
                }
            }
            entry.setMode(entry.getMode() & ~0777 | mode(path));
            entry.setModTime(Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toMillis());
        } catch (NoSuchFileException e) {
            return; // removed while we walked: docker skips it too
        }
        entry.setIds(0, 0);
        entry.setUserName("");
        entry.setGroupName("");
        tar.putArchiveEntry(entry);
        if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            Files.copy(path, tar);
        }
        tar.closeArchiveEntry();
    }

    private static int mode(Path path) throws IOException {
        if (Files.isSymbolicLink(path)) {
            return 0777;
        }
        int mode = 0;
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        for (PosixFilePermission p : permissions) {
            mode |= 1 << (8 - p.ordinal());
        }
        return mode;
    }

    private static String slashed(Path relative) {
        return relative.toString().replace('\\', '/');
    }

    /** The caller owns the stream; finishing the tar must not close it. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
