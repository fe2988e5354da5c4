package dev.slipway.cli.format;

/** Image, layer and container ids as docker shows them: the hex without algorithm, cut to 12 characters. */
public final class Ids {

    /** Length of a short id. */
    public static final int SHORT_LENGTH = 12;

    private Ids() {
    }

    /**
     * @param id e.g. {@code sha256:2fa8ca4e2a13…} or a bare hex id
     * @return e.g. {@code 2fa8ca4e2a13}; {@code id} unchanged when it is shorter
     */
    public static String shortId(String id) {
        String hex = id.substring(id.indexOf(':') + 1);
        return hex.length() > SHORT_LENGTH ? hex.substring(0, SHORT_LENGTH) : hex;
    }
}
