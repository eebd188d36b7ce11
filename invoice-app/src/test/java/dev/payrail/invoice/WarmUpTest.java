package dev.payrail.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarmUpTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void warmUpSeedsServesAndLeavesNothingBehind(@TempDir Path tmp) throws Exception {
        int status = WarmUp.run(new String[0], tmp, print(out), print(err));

        assertThat(status).as("stderr: %s", text(err)).isZero();
        assertThat(text(out)).contains("started, served and stopped invoice-app");
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).as("files left in the temporary directory").isEmpty();
        }
    }

    @Test
    void warmUpTakesNoArguments(@TempDir Path tmp) {
        assertThat(WarmUp.run(new String[] {"extra"}, tmp, print(out), print(err))).isEqualTo(2);
        assertThat(text(err)).contains("warm-up: takes no arguments");
    }

    private static PrintStream print(ByteArrayOutputStream buffer) {
        return new PrintStream(buffer, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream buffer) {
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
