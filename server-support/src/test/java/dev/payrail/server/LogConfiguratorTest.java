package dev.payrail.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogConfiguratorTest {

    @Test
    void logsOneLinePerEventWithTheStackTraceFoldedOntoIt() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter()); // a context of our own has none; the request id is MDC
        LogConfigurator.apply(context, null, false);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        ConsoleAppender<?> stdout = (ConsoleAppender<?>) root.getAppender("STDOUT");
        PatternLayoutEncoder encoder = (PatternLayoutEncoder) stdout.getEncoder();

        LoggingEvent event = new LoggingEvent(getClass().getName(), root, Level.ERROR, "ledger write failed",
                new IllegalStateException("disk full\nsecond line"), null);
        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

        assertThat(stdout.isStarted()).isTrue();
        assertThat(line).endsWith("\n").containsOnlyOnce("\n");
        assertThat(line).contains("ERROR [").contains("ledger write failed")
                .contains("java.lang.IllegalStateException: disk full | second line | at ");
    }

    @Test
    void rootLevelComesFromLogLevelAndLibrariesAreQuiet() {
        LoggerContext debug = new LoggerContext();
        LogConfigurator.apply(debug, "DEBUG", false);
        LoggerContext unknown = new LoggerContext();
        LogConfigurator.apply(unknown, "LOUD", false);

        assertThat(debug.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.DEBUG);
        assertThat(unknown.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.INFO);
        assertThat(debug.getLogger("org.glassfish.grizzly.http").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(debug.getLogger("org.flywaydb.core").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(debug.getLogger("dev.payrail.provider").getEffectiveLevel()).isEqualTo(Level.DEBUG);
    }
}
