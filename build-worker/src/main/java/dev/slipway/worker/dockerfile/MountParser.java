package dev.slipway.worker.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the CSV value of {@code RUN --mount=...} and applies BuildKit's defaults per mount type.
 */
final class MountParser {

    private MountParser() {
    }

    static Mount parse(String csv) {
        Mount.Type type = Mount.Type.BIND;
        String target = null;
        String id = null;
        String source = null;
        String from = null;
        Boolean readOnly = null;
        String sharing = null;
        Integer mode = null;
        Integer uid = null;
        Integer gid = null;
        boolean required = false;
        for (String field : fields(csv)) {
            int eq = field.indexOf('=');
            String key = (eq < 0 ? field : field.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? null : field.substring(eq + 1);
            switch (key) {
                case "type":
                    type = type(value);
                    break;
                case "target": case "dst": case "destination": case "dest":
                    target = need(key, value);
                    break;
                case "source": case "src":
                    source = need(key, value);
                    break;
                case "from":
                    from = need(key, value);
                    break;
                case "id":
                    id = need(key, value);
                    break;
                case "ro": case "readonly":
                    readOnly = value == null || bool(key, value);
                    break;
                case "rw": case "readwrite":
                    readOnly = !(value == null || bool(key, value));
                    break;
                case "sharing":
                    sharing = need(key, value).toLowerCase(Locale.ROOT);
                    if (!List.of("shared", "private", "locked").contains(sharing)) {
                        throw new IllegalArgumentException("unsupported sharing value \"" + value + "\"");
                    }
                    break;
                case "mode":
                    mode = number(key, need(key, value), 8);
                    break;
                case "uid":
                    uid = number(key, need(key, value), 10);
                    break;
                case "gid":
                    gid = number(key, need(key, value), 10);
                    break;
                case "required":
                    required = value == null || bool(key, value);
                    break;
                case "size":
                    need(key, value);
                    break;
                default:
                    throw new IllegalArgumentException("unexpected key '" + key + "' in '" + field + "'");
            }
        }
        switch (type) {
            case SECRET: {
                if (id == null && target == null) {
                    throw new IllegalArgumentException("secret mount requires an id or a target");
                }
                if (id == null) {
                    id = target.substring(target.lastIndexOf('/') + 1);
                }
                if (target == null) {
                    target = "/run/secrets/" + id;
                }
                return new Mount(type, target, id, null, null, true, null, mode == null ? 0400 : mode,
                        uid == null ? 0 : uid, gid == null ? 0 : gid, required);
            }
            case CACHE:
                target = requireTarget(type, target);
                return new Mount(type, target, id == null ? target : id, source, from,
                        readOnly != null && readOnly, sharing == null ? "shared" : sharing,
                        mode == null ? 0755 : mode, uid == null ? 0 : uid, gid == null ? 0 : gid, false);
            case TMPFS:
                return new Mount(type, requireTarget(type, target), null, null, null, false, null, null, null, null, false);
            default:
                return new Mount(type, requireTarget(type, target), null, source == null ? "/" : source, from,
                        readOnly == null || readOnly, null, null, null, null, false);
        }
    }

    private static String requireTarget(Mount.Type type, String target) {
        if (target == null || target.isEmpty()) {
            throw new IllegalArgumentException("mount type=" + type.name().toLowerCase(Locale.ROOT) + " requires a target");
        }
        return target;
    }

    private static Mount.Type type(String value) {
        if (value == null) {
            throw new IllegalArgumentException("mount type requires a value");
        }
        switch (value.toLowerCase(Locale.ROOT)) {
            case "bind": return Mount.Type.BIND;
            case "cache": return Mount.Type.CACHE;
            case "secret": return Mount.Type.SECRET;
            case "tmpfs": return Mount.Type.TMPFS;
            default: throw new IllegalArgumentException("unsupported mount type \"" + value + "\"");
        }
    }

    private static String need(String key, String value) {
        if (value == null) {
            throw new IllegalArgumentException("mount option " + key + " requires a value");
        }
        return value;
    }

    private static boolean bool(String key, String value) {
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("invalid value for " + key + ": " + value);
    }

    private static int number(String key, String value, int radix) {
        try {
            return Integer.parseInt(value, radix);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid value for " + key + ": " + value);
        }
    }

    /** CSV fields: commas split, double quotes group (a quoted field may hold commas). */
    private static List<String> fields(String csv) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                out.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        out.add(f.toString());
        out.removeIf(String::isBlank);
        return out;
    }
}
