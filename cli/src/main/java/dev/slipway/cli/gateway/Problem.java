package dev.slipway.cli.gateway;

/**
 * An RFC 9457 problem document as the gateway answers errors under {@code /api/v1}, with its stable {@code code}.
 *
 * @param type URI naming the problem kind
 * @param title short summary of the kind
 * @param status HTTP status
 * @param detail this occurrence, for a human
 * @param code stable machine-readable code, e.g. {@code image-not-found}
 */
public record Problem(String type, String title, int status, String detail, String code) {

    /** @return the most specific text for a person: the detail, else the title */
    public String message() {
        if (detail != null && !detail.isBlank()) {
            return detail;
        }
        return title != null && !title.isBlank() ? title : "HTTP " + status;
    }
}
