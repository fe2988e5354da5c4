package dev.slipway.worker.build;

import dev.slipway.common.oci.Digest;
import dev.slipway.worker.cache.CacheKey;
import dev.slipway.worker.context.SourceRoot;
import dev.slipway.worker.dockerfile.Instruction;
import dev.slipway.worker.fs.Posix;
import dev.slipway.worker.fs.ScopedPath;
import dev.slipway.worker.layer.LayerExtractor;
import dev.slipway.worker.runtime.UserResolver;
import dev.slipway.worker.snapshot.Snapshot;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

/**
 * COPY and ADD: sources from the context, another stage or an image (COPY {@code --from}), heredoc files, and for
 * ADD local tar archives (extracted) and http(s) URLs (downloaded). Destinations follow Docker's rules: a trailing
 * slash or several sources make the destination a directory; a directory source copies its contents.
 */
final class CopyStep {

    private final BuildRun.StageRun b;
    private final StageState st;
    private final boolean add;
    private final int line;
    private final String keyword;
    private final List<String> sources;
    private final String destination;
    private final String from;
    private final Instruction.FileOptions options;
    private final List<Instruction.Heredoc> heredocs;

    CopyStep(BuildRun.StageRun b, StageState st, Instruction.Copy c) {
        this(b, st, false, c.line(), c.sources(), c.destination(), c.from(), c.options(), c.heredocs());
    }

    CopyStep(BuildRun.StageRun b, StageState st, Instruction.Add a) {
        this(b, st, true, a.line(), a.sources(), a.destination(), null, a.options(), a.heredocs());
    }

    private CopyStep(BuildRun.StageRun b, StageState st, boolean add, int line, List<String> sources, String destination,
                     String from, Instruction.FileOptions options, List<Instruction.Heredoc> heredocs) {
        this.b = b;
        this.st = st;
        this.add = add;
        this.line = line;
        this.keyword = add ? "ADD" : "COPY";
        this.sources = sources;
        this.destination = destination;
        this.from = from;
        this.options = options;
        this.heredocs = heredocs;
    }

    private BuildFailedException failed(String reason) {
        return b.fail(line, keyword + " failed: " + reason);
    }

    /** One resolved source: files under a root, a downloaded URL, or a heredoc. */
    private record Source(SourceRoot root, SourceRoot.Match match, Path download, String downloadName,
                          Instruction.Heredoc heredoc) {
    }

    BuildRun.StepOutcome execute() throws BuildFailedException, IOException {
        CacheKey.Builder parts = CacheKey.builder();
        List<LayerRef> fromLayers = null;
        List<Source> resolved = List.of();
        if (from != null) {
            // Another stage or an image: its key identifies the content, so a cache hit needs no files at all.
            var stage = b.stageResult(from, b.currentStage());
            if (stage.isPresent()) {
                fromLayers = stage.get().layers;
                parts.part("from", "stage " + stage.get().key);
            } else {
                BaseImages.Image image = b.resolveImage(from, line);
                fromLayers = image.layers();
                parts.part("from", "image " + image.manifestDigest());
            }
            parts.part("sources", String.join(" ", sources));
            for (Instruction.Heredoc h : heredocs) {
                parts.part("heredoc " + h.name(), h.content());
            }
        } else {
            resolved = resolve(b.context, parts);
        }
        String dest = destination.startsWith("/") ? destination
                : ConfigSteps.workdir(st.config.config(), destination) + (destination.endsWith("/") ? "/" : "");
        int count = sources.size() + heredocs.size();
        if (count > 1 && !dest.endsWith("/")) {
            throw failed("When using " + keyword + " with more than one source file, the destination must be a directory and end with a /");
        }
        parts.part("chown", options.chown()).part("chmod", options.chmod()).part("destination", dest);
        Integer mode = chmod();
        StringBuilder createdBy = new StringBuilder(keyword);
        if (from != null) {
            createdBy.append(" --from=").append(from);
        }
        if (options.chown() != null) {
            createdBy.append(" --chown=").append(options.chown());
        }
        if (options.chmod() != null) {
            createdBy.append(" --chmod=").append(options.chmod());
        }
        for (String s : sources) {
            createdBy.append(' ').append(s);
        }
        for (Instruction.Heredoc h : heredocs) {
            createdBy.append(" <<").append(h.name());
        }
        createdBy.append(' ').append(destination).append(" # buildkit");
        List<Source> contextSources = resolved;
        List<LayerRef> layers = fromLayers;
        return b.filesystem(st, createdBy.toString(), parts, (snap, rootfs) -> {
            if (layers == null) {
                copyAll(snap, rootfs, contextSources, dest, contextSources.size() > 1, mode);
                return;
            }
            try (BuildRun.View view = b.view(layers)) {
                List<Source> fromSources = resolve(SourceRoot.filesystem(view.root()), null);
                copyAll(snap, rootfs, fromSources, dest, fromSources.size() > 1, mode);
            }
        });
    }

    /**
     * Resolves every source (and heredoc) under {@code root}; when {@code parts} is given, adds each context file's
     * description to the cache key.
     */
    private List<Source> resolve(SourceRoot root, CacheKey.Builder parts) throws BuildFailedException, IOException {
        List<Source> resolved = new ArrayList<>();
        boolean anyExplicit = false;
        for (String s : sources) {
            if (add && (s.startsWith("http://") || s.startsWith("https://"))) {
                Source d = download(s);
                resolved.add(d);
                if (parts != null) {
                    try (InputStream in = Files.newInputStream(d.download())) {
                        parts.part("source " + s, Digest.compute(Digest.Algorithm.SHA256, in).toString());
                    }
                }
                anyExplicit = true;
                continue;
            }
            List<SourceRoot.Match> matches;
            try {
                matches = root.resolve(s);
            } catch (SourceRoot.SourceException e) {
                throw failed(e.getMessage());
            }
            anyExplicit |= !isGlob(s);
            for (SourceRoot.Match m : matches) {
                resolved.add(new Source(root, m, null, null, null));
                if (parts != null && root.isContext()) {
                    StringBuilder desc = new StringBuilder();
                    FileCopier.describe(root, m, desc);
                    parts.part("source " + (m.relative().isEmpty() ? "." : m.relative()), desc.toString());
                }
            }
        }
        for (Instruction.Heredoc h : heredocs) {
            resolved.add(new Source(null, null, null, null, h));
            if (parts != null) {
                parts.part("heredoc " + h.name(), h.content());
            }
        }
        if (resolved.isEmpty() && !anyExplicit) {
            throw failed("no source files were specified");
        }
        return resolved;
    }

    private static boolean isGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    private Integer chmod() throws BuildFailedException {
        if (options.chmod() == null) {
            return null;
        }
        try {
            int m = Integer.parseInt(options.chmod(), 8);
            if (m < 0 || m > 07777) {
                throw new NumberFormatException();
            }
            return m;
        } catch (NumberFormatException e) {
            throw b.fail(line, "invalid chmod parameter: " + options.chmod());
        }
    }

    private FileCopier.Attributes attributes(Path rootfs, Integer mode) throws BuildFailedException, IOException {
        if (options.chown() == null) {
            return new FileCopier.Attributes(null, null, mode);
        }
        String spec = options.chown();
        int colon = spec.indexOf(':');
        String user = colon < 0 ? spec : spec.substring(0, colon);
        String group = colon < 0 ? null : spec.substring(colon + 1);
        try {
            UserResolver.ResolvedUser u = UserResolver.resolve(rootfs, group == null ? user : user + ":" + group);
            // Docker: a user without a group uses the same numeric id as group.
            return new FileCopier.Attributes(u.uid(), group == null ? u.uid() : u.gid(), mode);
        } catch (UserResolver.UnknownUserException e) {
            throw b.fail(line, keyword + " failed: " + e.getMessage());
        }
    }

    private void copyAll(Snapshot snap, Path rootfs, List<Source> resolved, String dest, boolean manyMatches,
                         Integer mode) throws BuildFailedException, IOException {
        FileCopier.Attributes attrs = attributes(rootfs, mode);
        Map<String, Path> links = new HashMap<>();
        Path destPath = ScopedPath.resolve(rootfs, dest, true, ScopedPath.Mode.IN_SCOPE);
        boolean destIsDir = dest.endsWith("/") || manyMatches || Files.isDirectory(destPath);
        for (Source s : resolved) {
            if (s.heredoc() != null) {
                String target = destIsDir ? join(dest, s.heredoc().name()) : dest;
                Path p = ScopedPath.resolve(rootfs, target, true, ScopedPath.Mode.IN_SCOPE);
                FileCopier.mkdirs(rootfs, p.getParent());
                Files.deleteIfExists(p);
                Files.writeString(p, s.heredoc().content(), StandardCharsets.UTF_8);
                Posix.lchown(p, attrs.uid() == null ? 0 : attrs.uid(), attrs.gid() == null ? 0 : attrs.gid());
                Posix.chmod(p, attrs.mode() == null ? 0644 : attrs.mode());
                Instant t = b.req.sourceDateEpoch() != null ? b.req.sourceDateEpoch() : Instant.EPOCH;
                Posix.lutimes(p, t, t);
            } else if (s.download() != null) {
                String target = destIsDir ? join(dest, s.downloadName()) : dest;
                Path p = ScopedPath.resolve(rootfs, target, true, ScopedPath.Mode.IN_SCOPE);
                FileCopier.mkdirs(rootfs, p.getParent());
                Files.deleteIfExists(p);
                Files.copy(s.download(), p);
                Posix.lchown(p, attrs.uid() == null ? 0 : attrs.uid(), attrs.gid() == null ? 0 : attrs.gid());
                Posix.chmod(p, attrs.mode() == null ? 0600 : attrs.mode());
            } else if (add && isArchive(s.match().path())) {
                Path dir = ScopedPath.resolve(rootfs, dest, true, ScopedPath.Mode.IN_SCOPE);
                FileCopier.mkdirs(rootfs, dir);
                try (InputStream in = archiveStream(s.match().path())) {
                    LayerExtractor.extract(in, dir, LayerExtractor.WhiteoutMode.APPLY);
                } catch (dev.slipway.worker.layer.UnsafeLayerException e) {
                    throw failed("archive " + s.match().relative() + " is unsafe: " + e.getMessage());
                }
            } else {
                boolean isDir = Files.isDirectory(s.match().path(), LinkOption.NOFOLLOW_LINKS);
                String name = s.match().relative().isEmpty() ? "" : s.match().path().getFileName().toString();
                String target = isDir ? dest : (destIsDir ? join(dest, name) : dest);
                FileCopier.copy(s.root(), s.match(), rootfs, target, attrs, links);
            }
        }
    }

    private static String join(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }

    /** A local tar (plain or gzip) that ADD extracts, recognised by content like Docker does. */
    private static boolean isArchive(Path p) throws IOException {
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Files.size(p) < 2) {
            return false;
        }
        byte[] head = new byte[512];
        int n;
        try (InputStream in = Files.newInputStream(p)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return true;
        }
        return n >= 262 && new String(head, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
    }

    private static InputStream archiveStream(Path p) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(p));
        in.mark(2);
        int a = in.read();
        int c = in.read();
        in.reset();
        return a == 0x1f && c == 0x8b ? new GZIPInputStream(in) : in;
    }

    private Source download(String url) throws BuildFailedException, IOException {
        Path dir = Files.createDirectories(b.services.work().resolve("downloads"));
        Path file = dir.resolve(UUID.randomUUID().toString());
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30)).build();
        try {
            HttpResponse<Path> r = client.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofFile(file));
            if (r.statusCode() != 200) {
                Files.deleteIfExists(file);
                throw failed("invalid response status " + r.statusCode() + " for " + url);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildFailedException("build interrupted", b.step, line, null, true);
        } catch (IllegalArgumentException | IOException e) {
            Files.deleteIfExists(file);
            throw failed("cannot download " + url + ": " + e.getMessage());
        }
        file.toFile().deleteOnExit();
        String path = URI.create(url).getPath();
        String name = path == null || path.isEmpty() || path.endsWith("/") ? "index.html"
                : path.substring(path.lastIndexOf('/') + 1);
        return new Source(null, null, file, name, null);
    }
}
