package dev.slipway.cli.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TemplateTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode image() throws Exception {
        return JSON.readTree("{\"Id\":\"sha256:abc\",\"Author\":\"Kate\",\"Config\":{\"Cmd\":[\"/bin/sh\",\"-c\",\"run\"],"
                + "\"Env\":[\"A=1\"],\"Labels\":{\"b\":\"2\",\"a\":\"1\"}}}");
    }

    @Test
    void fieldPathsPrintLikeGoTemplates() throws Exception {
        assertThat(Template.parse("{{.Id}} by {{.Author}}").render(image())).isEqualTo("sha256:abc by Kate");
        assertThat(Template.parse("{{.Config.Cmd}}").render(image())).isEqualTo("[/bin/sh -c run]");
        assertThat(Template.parse("{{.Config.Labels}}").render(image())).isEqualTo("map[a:1 b:2]");
        assertThat(Template.parse("{{.Nope}}").render(image())).isEqualTo("<no value>");
    }

    @Test
    void jsonActionAndEscapes() throws Exception {
        assertThat(Template.parse("{{json .Config.Env}}\\t{{ .Author }}").render(image())).isEqualTo("[\"A=1\"]\tKate");
    }

    @Test
    void unsupportedActionsAreRejectedWithTheAction() {
        assertThatThrownBy(() -> Template.parse("{{range .Config.Env}}{{.}}{{end}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{{range .Config.Env}}");
    }
}
