package dev.slipway.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnitsTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0B",
        "999, 999B",
        "1000, 1kB",
        "2048, 2.048kB",
        "280500000, 280.5MB",
        "187000000, 187MB",
        "1234567890, 1.235GB",
        // 999.999 rounds to 4 digits as 1000, Go prints it without exponent
        "999999, 1000kB",
        "5000000000000, 5TB"
    })
    void humanSizeUsesDecimalUnitsAndFourSignificantDigitsLikeGoUnits(long bytes, String expected) {
        assertThat(Units.humanSize(bytes)).isEqualTo(expected);
    }

    @Test
    void goGeneralRoundsToThePrecisionHalfToEvenAndDropsTrailingZeros() {
        assertThat(Units.goGeneral(72.849, 3)).isEqualTo("72.8");
        assertThat(Units.goGeneral(1.2400, 3)).isEqualTo("1.24");
        assertThat(Units.goGeneral(2.0484, 4)).isEqualTo("2.048");
    }

    @Test
    void goGeneralFormatSwitchesToExponentsWhereGoDoes() {
        assertThat(Units.goGeneral(12345, 4)).isEqualTo("1.234e+04");
        assertThat(Units.goGeneral(0.00001234, 4)).isEqualTo("1.234e-05");
        assertThat(Units.goGeneral(0.5, 4)).isEqualTo("0.5");
        assertThat(Units.goGeneral(2.0, 4)).isEqualTo("2");
    }

    @ParameterizedTest
    @CsvSource({
        "0, Less than a second",
        "1, 1 second",
        "59, 59 seconds",
        "60, About a minute",
        "119, About a minute",
        "120, 2 minutes",
        "3540, 59 minutes",
        "3600, About an hour",
        "5399, About an hour",
        "5400, 2 hours",
        "169200, 47 hours",
        "172800, 2 days",
        "1123200, 13 days",
        "1209600, 2 weeks",
        "1814400, 3 weeks",
        "4838400, 8 weeks",
        "5184000, 2 months",
        "60480000, 23 months",
        // go-units rounds hours up for the month check but not for the year count: 2 years minus 1 s is "1 years"
        "63071999, 1 years",
        "63072000, 2 years"
    })
    void humanDurationFollowsGoUnitsThresholds(long seconds, String expected) {
        assertThat(Units.humanDuration(Duration.ofSeconds(seconds))).isEqualTo(expected);
    }

    @Test
    void agoAppendsAgo() {
        assertThat(Units.ago(Duration.ofDays(21))).isEqualTo("3 weeks ago");
    }
}
