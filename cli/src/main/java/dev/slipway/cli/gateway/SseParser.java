package dev.slipway.cli.gateway;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * Reads the {@code text/event-stream} format (WHATWG HTML, "Server-sent events", parsing an event stream): fields
 * {@code id}, {@code event}, {@code data} (repeatable, joined with newlines); lines starting with {@code :} are
 * comments; a blank line dispatches the event; one space after the colon is dropped; an event without data is not
 * dispatched. Not thread-safe.
 *
 * @see <a href="https://html.spec.whatwg.org/multipage/server-sent-events.html#parsing-an-event-stream">the spec</a>
 */
final class SseParser {

    private final BufferedReader in;
    private String lastEventId;

    SseParser(BufferedReader in, String lastEventId) {
        this.in = in;
        this.lastEventId = lastEventId;
    }

    /** @return the next event, or {@code null} at the end of the stream (an unfinished event is dropped) */
    SseEvent next() throws IOException {
        String event = null;
        StringBuilder data = null;
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return new SseEvent(lastEventId, event == null ? "message" : event, data.toString());
                }
                event = null;
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> event = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                case "id" -> {
                    if (value.indexOf('\0') < 0) {
                        lastEventId = value;
                    }
                }
                default -> {
                    // "retry" and unknown fields: nothing to do for a command-line client
                }
            }
        }
        return null;
    }

    /** @return the id of the last event read, for {@code Last-Event-ID} on reconnect */
    String lastEventId() {
        return lastEventId;
    }
}
