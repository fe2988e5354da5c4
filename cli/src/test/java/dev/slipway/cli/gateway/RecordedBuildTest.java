package dev.slipway.cli.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.cli.render.BuildRenderer;
import dev.slipway.cli.render.Terminal;
import dev.slipway.common.job.JobEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A recorded event stream of the tutorial's build, parsed and decoded as slip does, rendered as docker prints it. */
class RecordedBuildTest {

    @Test
    void theRecordedStreamRendersAsDockersClassicBuilder() throws IOException {
        List<JobEvent> events = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("/sse/build.sse"), StandardCharsets.UTF_8))) {
            SseParser parser = new SseParser(in, null);
            SseEvent event;
            while ((event = parser.next()) != null) {
                JobEvent decoded = GatewayClient.decode(event);
                assertThat(decoded).as("event %s decodes", event.id()).isNotNull();
                assertThat(decoded.type()).isEqualTo(event.event());
                events.add(decoded);
            }
            assertThat(parser.lastEventId()).isEqualTo("19");
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        BuildRenderer renderer = new BuildRenderer(new Terminal(new PrintWriter(out), new PrintWriter(err), false, false));
        events.forEach(renderer);

        assertThat(out.toString()).isEqualTo(""
                + "Step 1/5 : FROM ubuntu:14.04\n"
                + "Step 2/5 : MAINTAINER Kate Smith <ksmith@example.com>\n"
                + " ---> Using cache\n"
                + "Step 3/5 : RUN apt-get -qq update\n"
                + " ---> Running in 409e6ac6dca6\n"
                + "Reading package lists...\n"
                + "partial line\n"
                + "Removing intermediate container 409e6ac6dca6\n"
                + " ---> a0e70458d19e\n"
                + "Step 4/5 : RUN apt-get -qqy install ruby ruby-dev\n"
                + " ---> Using cache\n"
                + " ---> 6613a3c187ef\n"
                + "Step 5/5 : RUN gem install sinatra\n"
                + " ---> Running in 73285fdbe67c\n"
                + "Successfully installed sinatra-1.4.5\n"
                + "1 gem installed\n"
                + "Removing intermediate container 73285fdbe67c\n"
                + " ---> eb41a8797959\n"
                + "Successfully built b79606fb3afe\n"
                + "Successfully tagged ouruser/sinatra:v2\n"
                + "Successfully tagged ouruser/sinatra:latest\n");
        assertThat(err.toString()).isEqualTo("[WARNING]: base image ubuntu:14.04 is 10 years old\n");
    }

    @Test
    void anEventTypeThisClientDoesNotKnowIsSkipped() {
        assertThat(GatewayClient.decode(new SseEvent("1", "future", "{\"type\":\"future\",\"x\":1}"))).isNull();
    }

    @Test
    void errorAnswersBecomeProblemsWithTheirCodeOrTheStatus() {
        GatewayException problem = GatewayClient.error(404, "application/problem+json",
                "{\"title\":\"No such image\",\"status\":404,\"detail\":\"no such image: a:b\",\"code\":\"image-not-found\"}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(problem.code()).isEqualTo("image-not-found");
        assertThat(problem.getMessage()).isEqualTo("no such image: a:b");
        GatewayException bare = GatewayClient.error(502, "text/html", "<html>bad gateway</html>".getBytes(StandardCharsets.UTF_8));
        assertThat(bare.code()).isEmpty();
        assertThat(bare.getMessage()).isEqualTo("the gateway answered HTTP 502");
    }
}
