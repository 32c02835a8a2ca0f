package dev.toonforge.common.security;

import io.quarkus.runtime.LaunchMode;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiTokenTest {

    private static final String RIGHT = "right-token-0123456789";

    @Test
    void onlyTheExactTokenMatches() {
        ApiToken token = required(Optional.of(RIGHT));

        assertThat(token.matches(RIGHT)).isTrue();
        assertThat(token.matches("wrong-token-0123456789")).isFalse();
        assertThat(token.matches(RIGHT + "x")).as("a longer token").isFalse();
        assertThat(token.matches(RIGHT.substring(0, 10))).as("a prefix").isFalse();
        assertThat(token.matches(RIGHT.toUpperCase())).as("case counts").isFalse();
        assertThat(token.matches("")).isFalse();
        assertThat(token.matches(null)).isFalse();
    }

    @Test
    void withoutATokenNothingMatches() {
        assertThat(required(Optional.empty()).matches("")).isFalse();
        assertThat(required(Optional.empty()).matches("anything-0123456789")).isFalse();
        ApiToken blank = required(Optional.of("   "));
        assertThat(blank.matches("   ")).as("a blank token counts as none").isFalse();
        assertThat(blank.matches("")).isFalse();
    }

    @Test
    void aProductionStartWithoutATokenFails() {
        assertThatThrownBy(() -> required(Optional.empty()).requireTokenIn(LaunchMode.NORMAL))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("No API token: set TOONFORGE_API_TOKEN (at least 16 characters) before starting.");
        assertThatThrownBy(() -> required(Optional.of(" ")).requireTokenIn(LaunchMode.NORMAL))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("No API token");
    }

    @Test
    void aProductionStartWithAShortTokenFailsWithoutPrintingIt() {
        assertThatThrownBy(() -> required(Optional.of("too-short")).requireTokenIn(LaunchMode.NORMAL))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("TOONFORGE_API_TOKEN is 9 characters long; use at least 16.");
        assertThatCode(() -> required(Optional.of("x".repeat(ApiToken.MIN_LENGTH))).requireTokenIn(LaunchMode.NORMAL))
                .doesNotThrowAnyException();
    }

    @Test
    void devTestAndServicesThatNeedNoTokenStartWithoutOne() {
        assertThatCode(() -> required(Optional.empty()).requireTokenIn(LaunchMode.TEST)).doesNotThrowAnyException();
        assertThatCode(() -> required(Optional.empty()).requireTokenIn(LaunchMode.DEVELOPMENT)).doesNotThrowAnyException();

        ApiToken optional = new ApiToken(Optional.empty());
        optional.required = false;
        assertThatCode(() -> optional.requireTokenIn(LaunchMode.NORMAL)).doesNotThrowAnyException();
    }

    private static ApiToken required(Optional<String> value) {
        ApiToken token = new ApiToken(value);
        token.required = true;
        return token;
    }
}
