package dev.payrail.payment.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Redocly's linter, with its recommended rules as errors ({@code recommended-strict}), finds nothing in the
 * generated document. It runs through npx, so it is skipped where Node is not installed; CI has Node.
 * The version is pinned here and in scripts/generated-clients.sh.
 */
class RedoclyLintTest {
    static final String REDOCLY = "@redocly/cli@2.77.0";

    @Test
    void recommendedRulesFindNothing() throws Exception {
        assumeTrue(onPath("npx"), "npx is not on the PATH");
        Path document = Path.of("target", "classes", "META-INF", "openapi", "openapi.yaml").toAbsolutePath();
        assertThat(document).exists();
        Path output = Files.createTempFile("redocly", ".txt");

        Process lint = new ProcessBuilder(List.of("npx", "--yes", REDOCLY, "lint", "--extends=recommended-strict",
                document.toString()))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean finished = lint.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            lint.destroyForcibly();
        }
        String report = Files.readString(output, StandardCharsets.UTF_8);
        Files.delete(output);

        assertThat(finished).as("redocly finished within 5 minutes").isTrue();
        assertThat(lint.exitValue()).as(report).isZero();
        assertThat(report).as(report).contains("Your API description is valid")
                .doesNotContainPattern("You have \\d+ warning");
    }

    private static boolean onPath(String command) throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
