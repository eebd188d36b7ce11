package dev.payrail.payment.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * openapi-generator's own validator, {@code validate --recommend}, run on a document as a forked {@code java -jar}:
 * as a library on the test class path its swagger-parser and slf4j binding would replace ours. The jar is copied by
 * maven-dependency-plugin (the parent's {@code openapi-generator-cli} execution) to
 * {@code target/openapi-generator/openapi-generator-cli.jar} of the module under test. Shared through payment-api's
 * test-jar, so payment-api and invoice-app check their documents the same way.
 */
public final class OpenApiGeneratorValidation {
    /** What the CLI prints when it finds neither an error nor a recommendation. */
    public static final String CLEAN = "No validation issues detected";
    static final Path JAR = Path.of("target", "openapi-generator", "openapi-generator-cli.jar");
    private static final long TIMEOUT_MINUTES = 3;

    private OpenApiGeneratorValidation() {
    }

    /** The CLI's exit status and everything it printed (stdout and stderr together). */
    public record Result(int exitCode, String output) {
        /** Only exit 0 with the CLI's own "no issues" line: a recommendation alone exits 0 too. */
        public boolean clean() {
            return exitCode == 0 && output.contains(CLEAN);
        }
    }

    /** Validates {@code document} with recommendations on; fails with the CLI's output unless nothing is found. */
    public static void requireClean(Path document) {
        Result result = validate(document);
        if (!result.clean()) {
            throw new AssertionError("openapi-generator validate --recommend " + document + " exited "
                    + result.exitCode() + ":\n" + result.output());
        }
    }

    /** Runs {@code java -jar openapi-generator-cli.jar validate -i document --recommend} and waits for it. */
    public static Result validate(Path document) {
        Path jar = JAR.toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(jar + " is missing: the build's maven-dependency-plugin execution "
                    + "openapi-generator-cli copies it (run the tests through ./mvnw)");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path output = null;
        try {
            output = Files.createTempFile("openapi-generator-validate", ".txt");
            Process process = new ProcessBuilder(List.of(java.toString(), "-jar", jar.toString(), "validate",
                    "-i", document.toAbsolutePath().toString(), "--recommend"))
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("openapi-generator validate did not finish within " + TIMEOUT_MINUTES
                        + " minutes:\n" + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("could not run " + jar + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while openapi-generator validated " + document, e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless; the validation's result is what matters
                }
            }
        }
    }
}
