package dev.slipway.cli.gateway;

/**
 * One Server-Sent Event as the gateway sends job events: {@code id: <seq>}, {@code event: <type>}, {@code data: <json>}.
 *
 * @param id the last event id seen (the job-wide sequence), or {@code null}
 * @param event the event name, {@code message} when the stream gave none
 * @param data the data lines joined with {@code \n}
 */
public record SseEvent(String id, String event, String data) {
}
