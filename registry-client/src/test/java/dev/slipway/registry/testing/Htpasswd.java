package dev.slipway.registry.testing;

import java.util.List;

/**
 * An htpasswd line with a bcrypt hash (the only kind Distribution accepts): from {@code htpasswd -Bbn} (apache2-utils)
 * when installed, else from Python's {@code crypt} with the system's bcrypt.
 */
public final class Htpasswd {

    private Htpasswd() { }

    /** {@code user:$2y$…}, newline-terminated. */
    public static String line(String user, String password) {
        try {
            return TestImage.run(List.of("htpasswd", "-Bbn", user, password)).strip() + "\n";
        } catch (RuntimeException noHtpasswd) {
            String hash = TestImage.run(List.of("python3", "-W", "ignore", "-c",
                    "import crypt,sys; print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH)))",
                    password)).strip();
            if (!hash.startsWith("$2")) {
                throw new IllegalStateException("no bcrypt available: install apache2-utils (htpasswd)");
            }
            return user + ":" + hash + "\n";
        }
    }
}
