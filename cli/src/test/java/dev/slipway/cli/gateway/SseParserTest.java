package dev.slipway.cli.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class SseParserTest {

    private static SseParser parser(String text, String lastEventId) {
        return new SseParser(new BufferedReader(new StringReader(text)), lastEventId);
    }

    @Test
    void readsIdEventAndDataAndSkipsComments() throws IOException {
        SseParser parser = parser(": keep-alive\nid: 7\nevent: log\ndata: {\"a\":1}\n\n", null);
        assertThat(parser.next()).isEqualTo(new SseEvent("7", "log", "{\"a\":1}"));
        assertThat(parser.next()).isNull();
        assertThat(parser.lastEventId()).isEqualTo("7");
    }

    @Test
    void joinsDataLinesDropsOneLeadingSpaceAndDefaultsTheEventName() throws IOException {
        SseParser parser = parser("data:first\ndata:  second\n\n", "3");
        assertThat(parser.next()).isEqualTo(new SseEvent("3", "message", "first\n second"));
    }

    @Test
    void anEventWithoutDataIsNotDispatchedButItsIdCounts() throws IOException {
        SseParser parser = parser("id: 4\nevent: heartbeat\n\nid: 5\ndata: x\n\n", null);
        assertThat(parser.next()).isEqualTo(new SseEvent("5", "message", "x"));
    }

    @Test
    void anUnfinishedEventAtTheEndOfTheStreamIsDropped() throws IOException {
        SseParser parser = parser("id: 9\nevent: log\ndata: cut", "8");
        assertThat(parser.next()).isNull();
        assertThat(parser.lastEventId()).isEqualTo("9");
    }
}
