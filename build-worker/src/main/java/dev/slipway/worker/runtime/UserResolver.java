package dev.slipway.worker.runtime;

import dev.slipway.worker.fs.ScopedPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves Docker's {@code USER} syntax ({@code user}, {@code uid}, {@code user:group}, {@code uid:gid}) against
 * the image's own {@code /etc/passwd} and {@code /etc/group}, read inside the rootfs (never the host's).
 * Thread-safe (stateless).
 */
public final class UserResolver {

    /**
     * A resolved identity.
     *
     * @param uid user id
     * @param gid primary group id
     * @param additionalGids supplementary groups from {@code /etc/group} membership
     * @param home the home directory from {@code /etc/passwd}, {@code /} when unknown (Docker's rule)
     */
    public record ResolvedUser(int uid, int gid, List<Integer> additionalGids, String home) {
        public ResolvedUser {
            additionalGids = List.copyOf(additionalGids);
        }
    }

    /** The user a resolution failed for; the message matches Docker's. */
    public static final class UnknownUserException extends Exception {
        private static final long serialVersionUID = 1L;

        public UnknownUserException(String message) {
            super(message);
        }
    }

    private record PasswdEntry(String name, int uid, int gid, String home) {
    }

    private record GroupEntry(String name, int gid, List<String> members) {
    }

    private UserResolver() {
    }

    /**
     * @param rootfs the container's root
     * @param user the USER value; empty means root
     */
    public static ResolvedUser resolve(Path rootfs, String user) throws IOException, UnknownUserException {
        String spec = user == null || user.isEmpty() ? "0" : user;
        int colon = spec.indexOf(':');
        String u = colon < 0 ? spec : spec.substring(0, colon);
        String g = colon < 0 ? null : spec.substring(colon + 1);
        List<PasswdEntry> passwd = passwd(rootfs);
        PasswdEntry entry = null;
        for (PasswdEntry p : passwd) {
            if (p.name().equals(u) || (isNumber(u) && p.uid() == Integer.parseInt(u))) {
                entry = p;
                break;
            }
        }
        int uid;
        int gid;
        String home;
        if (entry != null) {
            uid = entry.uid();
            gid = entry.gid();
            home = entry.home();
        } else if (isNumber(u)) {
            uid = Integer.parseInt(u);
            gid = 0;
            home = uid == 0 ? "/root" : "/";
        } else {
            throw new UnknownUserException("unable to find user " + u + ": no matching entries in passwd file");
        }
        List<GroupEntry> groups = groups(rootfs);
        List<Integer> additional = new ArrayList<>();
        if (g != null && !g.isEmpty()) {
            GroupEntry ge = null;
            for (GroupEntry e : groups) {
                if (e.name().equals(g) || (isNumber(g) && e.gid() == Integer.parseInt(g))) {
                    ge = e;
                    break;
                }
            }
            if (ge != null) {
                gid = ge.gid();
            } else if (isNumber(g)) {
                gid = Integer.parseInt(g);
            } else {
                throw new UnknownUserException("unable to find group " + g + ": no matching entries in group file");
            }
        } else if (entry != null) {
            // Supplementary groups only when the group is not given explicitly, as runc/Docker do.
            for (GroupEntry e : groups) {
                if (e.members().contains(entry.name()) && e.gid() != gid && !additional.contains(e.gid())) {
                    additional.add(e.gid());
                }
            }
        }
        return new ResolvedUser(uid, gid, additional, home);
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.length() < 10 && s.chars().allMatch(Character::isDigit);
    }

    private static List<String> lines(Path rootfs, String file) throws IOException {
        Path p = ScopedPath.resolve(rootfs, file, true, ScopedPath.Mode.IN_SCOPE);
        if (!Files.isRegularFile(p)) {
            return List.of();
        }
        return Files.readAllLines(p, StandardCharsets.UTF_8);
    }

    private static List<PasswdEntry> passwd(Path rootfs) throws IOException {
        List<PasswdEntry> out = new ArrayList<>();
        for (String l : lines(rootfs, "/etc/passwd")) {
            String[] f = l.split(":", -1);
            if (f.length >= 7 && isNumber(f[2]) && isNumber(f[3])) {
                out.add(new PasswdEntry(f[0], Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[5].isEmpty() ? "/" : f[5]));
            }
        }
        return out;
    }

    private static List<GroupEntry> groups(Path rootfs) throws IOException {
        List<GroupEntry> out = new ArrayList<>();
        for (String l : lines(rootfs, "/etc/group")) {
            String[] f = l.split(":", -1);
            if (f.length >= 4 && isNumber(f[2])) {
                List<String> members = new ArrayList<>();
                for (String m : f[3].split(",")) {
                    if (!m.isBlank()) {
                        members.add(m.strip());
                    }
                }
                out.add(new GroupEntry(f[0], Integer.parseInt(f[2]), members));
            }
        }
        return out;
    }
}
