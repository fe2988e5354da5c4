package dev.slipway.worker.dockerfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.worker.dockerfile.Instruction.ArgDeclaration;
import dev.slipway.worker.dockerfile.Instruction.Command;
import dev.slipway.worker.dockerfile.Instruction.FileOptions;
import dev.slipway.worker.dockerfile.Instruction.Heredoc;
import dev.slipway.worker.dockerfile.Instruction.KeyValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one {@link LogicalLine} into an {@link Instruction}: keyword, flags, exec/shell form and the
 * argument grammar of each instruction. Errors are {@link IllegalArgumentException}s carrying the reason;
 * {@link DockerfileParser} adds the location.
 */
final class InstructionParser {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STAGE_NAME = Pattern.compile("[a-z][a-z0-9\\-_.]*");
    private static final Pattern GO_DURATION = Pattern.compile("([0-9]*\\.?[0-9]+)(ns|us|µs|ms|s|m|h)");

    private final char escape;

    InstructionParser(char escape) {
        this.escape = escape;
    }

    Instruction parse(LogicalLine l) {
        String text = l.text().strip();
        String[] parts = text.split("\\s+", 2);
        String keyword = parts[0].toUpperCase(Locale.ROOT);
        String args = parts.length > 1 ? parts[1] : "";
        return parse(l.line(), keyword, args, l.heredocs());
    }

    private Instruction parse(int line, String keyword, String args, List<Heredoc> heredocs) {
        String source = args.isEmpty() ? keyword : keyword + " " + args;
        switch (keyword) {
            case "FROM":
                return from(line, source, args);
            case "RUN":
                return run(line, source, args, heredocs);
            case "CMD": {
                Flags f = Flags.parse(args, Set.of(), escape);
                return new Instruction.Cmd(line, source, command(keyword, f.rest()));
            }
            case "ENTRYPOINT": {
                Flags f = Flags.parse(args, Set.of(), escape);
                return new Instruction.Entrypoint(line, source, command(keyword, f.rest()));
            }
            case "SHELL": {
                Flags f = Flags.parse(args, Set.of(), escape);
                List<String> json = jsonArray(f.rest());
                if (json == null) {
                    throw new IllegalArgumentException("SHELL requires the arguments to be in JSON form");
                }
                if (json.isEmpty()) {
                    throw new IllegalArgumentException("SHELL requires at least one argument");
                }
                return new Instruction.Shell(line, source, json);
            }
            case "LABEL":
                return new Instruction.Label(line, source, nameValues(keyword, noFlags(args)));
            case "ENV":
                return new Instruction.Env(line, source, nameValues(keyword, noFlags(args)));
            case "MAINTAINER":
                return new Instruction.Maintainer(line, source, required(keyword, noFlags(args)));
            case "EXPOSE": {
                List<String> ports = Words.fields(noFlags(args));
                if (ports.isEmpty()) {
                    throw new IllegalArgumentException("EXPOSE requires at least one argument");
                }
                return new Instruction.Expose(line, source, ports);
            }
            case "COPY":
                return copy(line, source, args, heredocs);
            case "ADD":
                return add(line, source, args, heredocs);
            case "VOLUME": {
                List<String> paths = list(noFlags(args));
                if (paths.isEmpty()) {
                    throw new IllegalArgumentException("VOLUME requires at least one argument");
                }
                for (String p : paths) {
                    if (p.isBlank()) {
                        throw new IllegalArgumentException("VOLUME specified can not be an empty string");
                    }
                }
                return new Instruction.Volume(line, source, paths);
            }
            case "USER":
                return new Instruction.User(line, source, required(keyword, noFlags(args)));
            case "WORKDIR":
                return new Instruction.Workdir(line, source, required(keyword, noFlags(args)));
            case "STOPSIGNAL":
                return new Instruction.StopSignal(line, source, required(keyword, noFlags(args)));
            case "ARG":
                return arg(line, source, noFlags(args));
            case "ONBUILD":
                return onbuild(line, source, args);
            case "HEALTHCHECK":
                return healthcheck(line, source, args);
            default:
                throw new IllegalArgumentException("unknown instruction \"" + keyword + "\"");
        }
    }

    private String noFlags(String args) {
        return Flags.parse(args, Set.of(), escape).rest();
    }

    private static String required(String keyword, String rest) {
        if (rest.isBlank()) {
            throw new IllegalArgumentException(keyword + " requires exactly one argument");
        }
        return rest.strip();
    }

    private Instruction.From from(int line, String source, String args) {
        Flags f = Flags.parse(args, Set.of("platform"), escape);
        List<String> w = Words.fields(f.rest());
        String name = null;
        if (w.size() == 3 && w.get(1).equalsIgnoreCase("AS")) {
            name = w.get(2).toLowerCase(Locale.ROOT);
            if (!STAGE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("invalid name for build stage: \"" + w.get(2)
                        + "\", name can't start with a number or contain symbols");
            }
        } else if (w.size() != 1) {
            throw new IllegalArgumentException("FROM requires either one or three arguments");
        }
        return new Instruction.From(line, source, w.get(0), f.string("platform"), name);
    }

    private Instruction.Run run(int line, String source, String args, List<Heredoc> heredocs) {
        Flags f = Flags.parse(args, Set.of("mount", "network", "security"), escape);
        List<Mount> mounts = new ArrayList<>();
        for (String m : f.all("mount")) {
            mounts.add(MountParser.parse(m));
        }
        NetworkMode network = NetworkMode.DEFAULT;
        String n = f.string("network");
        if (n != null) {
            switch (n) {
                case "default":
                    break;
                case "none":
                    network = NetworkMode.NONE;
                    break;
                case "host":
                    throw new IllegalArgumentException("network mode \"host\" is not allowed in a build farm");
                default:
                    throw new IllegalArgumentException("unsupported network mode \"" + n
                            + "\" (expected default or none)");
            }
        }
        String security = f.string("security");
        if (security != null && !security.equals("sandbox")) {
            throw new IllegalArgumentException("security mode \"" + security + "\" is not allowed");
        }
        return new Instruction.Run(line, source, command("RUN", f.rest()), mounts, network, heredocs);
    }

    private Command command(String keyword, String rest) {
        List<String> json = jsonArray(rest);
        if (json != null) {
            return Command.exec(json);
        }
        if (rest.isBlank()) {
            throw new IllegalArgumentException(keyword + " requires at least one argument");
        }
        return Command.shell(rest);
    }

    /** The strings of a JSON array, or null when {@code s} is not a JSON array of strings (then: shell form). */
    static List<String> jsonArray(String s) {
        String t = s.strip();
        if (!t.startsWith("[")) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(t);
            if (node == null || !node.isArray()) {
                return null;
            }
            List<String> out = new ArrayList<>();
            for (JsonNode e : node) {
                if (!e.isTextual()) {
                    return null;
                }
                out.add(e.textValue());
            }
            return out;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** JSON array, or whitespace-separated words (COPY, ADD, VOLUME). */
    private static List<String> list(String rest) {
        List<String> json = jsonArray(rest);
        return json != null ? json : Words.fields(rest);
    }

    /** {@code k=v k2="v 2"}, or the legacy {@code k value with spaces}. */
    private List<KeyValue> nameValues(String keyword, String rest) {
        List<String> words = Words.split(rest, escape);
        if (words.isEmpty()) {
            throw new IllegalArgumentException(keyword + " requires at least one argument");
        }
        if (words.get(0).indexOf('=') < 0) {
            String[] kv = rest.strip().split("\\s+", 2);
            if (kv.length < 2 || kv[1].isBlank()) {
                throw new IllegalArgumentException(keyword + " must have two arguments");
            }
            return List.of(new KeyValue(kv[0], kv[1].strip()));
        }
        List<KeyValue> out = new ArrayList<>();
        for (String w : words) {
            int eq = w.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("Syntax error - can't find = in \"" + w
                        + "\". Must be of the form: name=value");
            }
            if (eq == 0) {
                throw new IllegalArgumentException(keyword + " names can not be blank");
            }
            out.add(new KeyValue(w.substring(0, eq), w.substring(eq + 1)));
        }
        return out;
    }

    private Instruction.Arg arg(int line, String source, String rest) {
        List<String> words = Words.split(rest, escape);
        if (words.isEmpty()) {
            throw new IllegalArgumentException("ARG requires at least one argument");
        }
        List<ArgDeclaration> out = new ArrayList<>();
        for (String w : words) {
            int eq = w.indexOf('=');
            String name = eq < 0 ? w : w.substring(0, eq);
            if (name.isEmpty()) {
                throw new IllegalArgumentException("ARG names can not be blank");
            }
            out.add(new ArgDeclaration(name, eq < 0 ? null : w.substring(eq + 1)));
        }
        return new Instruction.Arg(line, source, out);
    }

    private FileOptions fileOptions(Flags f) {
        String chmod = f.string("chmod");
        return new FileOptions(f.string("chown"), chmod, f.bool("link"), f.all("exclude"));
    }

    /** Sources and destination; heredoc words ({@code <<EOF}) are left out of the sources. */
    private static List<String> filesArgs(String keyword, String rest, List<Heredoc> heredocs) {
        List<String> words = list(rest);
        if (words.size() < 2) {
            throw new IllegalArgumentException(keyword + " requires at least two arguments, but only "
                    + (words.isEmpty() ? "none were" : "one was") + " provided. Destination could not be determined");
        }
        if (heredocs.isEmpty()) {
            return words;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            if (i == words.size() - 1 || LineReader.HeredocMarker.parse(words.get(i)) == null) {
                out.add(words.get(i));
            }
        }
        return out;
    }

    private Instruction.Copy copy(int line, String source, String args, List<Heredoc> heredocs) {
        Flags f = Flags.parse(args, Set.of("from", "chown", "chmod", "link", "exclude", "parents"), escape);
        List<String> w = filesArgs("COPY", f.rest(), heredocs);
        return new Instruction.Copy(line, source, w.subList(0, w.size() - 1), w.get(w.size() - 1), f.string("from"),
                fileOptions(f), heredocs);
    }

    private Instruction.Add add(int line, String source, String args, List<Heredoc> heredocs) {
        Flags f = Flags.parse(args, Set.of("chown", "chmod", "checksum", "keep-git-dir", "link", "exclude"), escape);
        List<String> w = filesArgs("ADD", f.rest(), heredocs);
        return new Instruction.Add(line, source, w.subList(0, w.size() - 1), w.get(w.size() - 1),
                f.string("checksum"), f.bool("keep-git-dir"), fileOptions(f), heredocs);
    }

    private Instruction.Onbuild onbuild(int line, String source, String args) {
        String expr = args.strip();
        if (expr.isEmpty()) {
            throw new IllegalArgumentException("ONBUILD requires at least one argument");
        }
        String[] parts = expr.split("\\s+", 2);
        String trigger = parts[0].toUpperCase(Locale.ROOT);
        switch (trigger) {
            case "ONBUILD":
                throw new IllegalArgumentException("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
            case "FROM":
            case "MAINTAINER":
                throw new IllegalArgumentException(trigger + " isn't allowed as an ONBUILD trigger");
            default:
                break;
        }
        Instruction parsed = parse(line, trigger, parts.length > 1 ? parts[1] : "", List.of());
        return new Instruction.Onbuild(line, source, trigger + (parts.length > 1 ? " " + parts[1].strip() : ""), parsed);
    }

    private Instruction.Healthcheck healthcheck(int line, String source, String args) {
        Flags f = Flags.parse(args, Set.of("interval", "timeout", "start-period", "start-interval", "retries"), escape);
        String[] parts = f.rest().split("\\s+", 2);
        String type = parts[0].toUpperCase(Locale.ROOT);
        if (type.equals("NONE")) {
            if (parts.length > 1 || !f.rest().equals(args.strip())) {
                throw new IllegalArgumentException("HEALTHCHECK NONE takes no arguments");
            }
            return new Instruction.Healthcheck(line, source, null, null, null, null, null, null);
        }
        if (!type.equals("CMD")) {
            throw new IllegalArgumentException(type.isEmpty() ? "HEALTHCHECK requires an argument"
                    : "Unknown type \"" + type + "\" in HEALTHCHECK (try CMD)");
        }
        if (parts.length < 2 || parts[1].isBlank()) {
            throw new IllegalArgumentException("Missing command after HEALTHCHECK CMD");
        }
        Integer retries = null;
        String r = f.string("retries");
        if (r != null) {
            try {
                retries = Integer.parseInt(r);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid value for --retries: " + r);
            }
            if (retries < 0) {
                throw new IllegalArgumentException("--retries cannot be negative (" + retries + ")");
            }
        }
        return new Instruction.Healthcheck(line, source, command("HEALTHCHECK", parts[1]),
                duration("interval", f.string("interval")), duration("timeout", f.string("timeout")),
                duration("start-period", f.string("start-period")),
                duration("start-interval", f.string("start-interval")), retries);
    }

    /** A Go duration ({@code 30s}, {@code 1m30s}, {@code 1.5h}); 0 or at least 1ms, as Docker requires. */
    static Duration duration(String flag, String value) {
        if (value == null) {
            return null;
        }
        if (value.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = GO_DURATION.matcher(value);
        int pos = 0;
        double nanos = 0;
        while (pos < value.length() && m.find(pos) && m.start() == pos) {
            double n = Double.parseDouble(m.group(1));
            switch (m.group(2)) {
                case "ns": nanos += n; break;
                case "us": case "µs": nanos += n * 1e3; break;
                case "ms": nanos += n * 1e6; break;
                case "s": nanos += n * 1e9; break;
                case "m": nanos += n * 60e9; break;
                default: nanos += n * 3600e9; break;
            }
            pos = m.end();
        }
        if (pos == 0 || pos != value.length()) {
            throw new IllegalArgumentException("invalid duration for --" + flag + ": \"" + value + "\"");
        }
        Duration d = Duration.ofNanos((long) nanos);
        if (!d.isZero() && d.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("Interval \"" + flag + "\" cannot be less than 1ms");
        }
        return d;
    }
}
