package dev.slipway.worker.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.worker.fs.FileStat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;

/**
 * A corpus context's {@code expect} file: how to build it (build args, secrets, target, tag, ordering) and what the
 * pulled image must hold. One fact per line:
 * <pre>
 * args K=V | secret ID=VALUE | target STAGE | tag REF | after CONTEXT
 * file PATH CONTENT(\n escapes) | mode PATH OCTAL | owner PATH UID:GID | symlink PATH TARGET | hardlink A B
 * absent PATH | dir PATH | fifo PATH | config JSON-POINTER JSON | missing-config JSON-POINTER
 * env K=V | no-env K | history-layers N
 * </pre>
 */
public final class Expectations {

    private static final ObjectMapper JSON = new ObjectMapper();

    public final Map<String, String> args = new LinkedHashMap<>();
    public final Map<String, String> secrets = new LinkedHashMap<>();
    public String target;
    public String tag;
    public String after;
    private final List<String[]> facts = new ArrayList<>();

    public static Expectations read(Path file) throws IOException {
        Expectations e = new Expectations();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(" ", 2);
            String rest = f.length > 1 ? f[1] : "";
            switch (f[0]) {
                case "args" -> e.args.put(rest.substring(0, rest.indexOf('=')), rest.substring(rest.indexOf('=') + 1));
                case "secret" -> e.secrets.put(rest.substring(0, rest.indexOf('=')), rest.substring(rest.indexOf('=') + 1));
                case "target" -> e.target = rest;
                case "tag" -> e.tag = rest;
                case "after" -> e.after = rest;
                default -> e.facts.add(new String[] {f[0], rest});
            }
        }
        return e;
    }

    /** Checks every fact against a pulled image; reports all mismatches at once. */
    public void check(PulledImage img) throws IOException {
        SoftAssertions soft = new SoftAssertions();
        JsonNode config = img.config();
        for (String[] fact : facts) {
            String kind = fact[0];
            String rest = fact[1];
            String[] two = rest.split(" ", 2);
            Path p = img.file(two[0]);
            switch (kind) {
                case "file" -> soft.assertThat(Files.exists(p) ? Files.readString(p) : "<missing>").as(rest)
                        .isEqualTo(two[1].replace("\\n", "\n"));
                case "mode" -> soft.assertThat(Integer.toOctalString(FileStat.of(p).permissions())).as(rest)
                        .isEqualTo(Integer.toOctalString(Integer.parseInt(two[1], 8)));
                case "owner" -> {
                    FileStat st = FileStat.of(p);
                    soft.assertThat(st.uid() + ":" + st.gid()).as(rest).isEqualTo(two[1]);
                }
                case "symlink" -> soft.assertThat(Files.isSymbolicLink(p) ? Files.readSymbolicLink(p).toString() : "<not a symlink>")
                        .as(rest).isEqualTo(two[1]);
                case "hardlink" -> soft.assertThat(FileStat.of(p).ino()).as(rest).isEqualTo(FileStat.of(img.file(two[1])).ino());
                case "absent" -> soft.assertThat(Files.exists(p, LinkOption.NOFOLLOW_LINKS)).as(rest).isFalse();
                case "dir" -> soft.assertThat(Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).as(rest).isTrue();
                case "fifo" -> soft.assertThat(FileStat.of(p).isFifo()).as(rest).isTrue();
                case "config" -> soft.assertThat(config.at(two[0])).as(rest).isEqualTo(JSON.readTree(two[1]));
                case "missing-config" -> soft.assertThat(config.at(rest).isMissingNode()).as(rest + " = " + config.at(rest)).isTrue();
                case "env" -> soft.assertThat(envList(config)).as(rest).contains(rest);
                case "no-env" -> soft.assertThat(envList(config)).as(rest).noneMatch(s -> s.startsWith(rest + "="));
                case "history-layers" -> soft.assertThat(config.at("/rootfs/diff_ids").size()).as(rest)
                        .isEqualTo(Integer.parseInt(rest));
                default -> throw new IllegalArgumentException("unknown expectation " + kind);
            }
        }
        soft.assertAll();
    }

    private static List<String> envList(JsonNode config) {
        List<String> out = new ArrayList<>();
        config.at("/config/Env").forEach(n -> out.add(n.asText()));
        return out;
    }
}
