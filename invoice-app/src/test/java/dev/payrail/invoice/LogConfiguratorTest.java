package dev.payrail.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogConfiguratorTest {

    @Test
    void logsStructuredLinesOnStdoutAtTheConfiguredLevel() {
        LoggerContext context = new LoggerContext();
        LogConfigurator.apply(context, "warn", false);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        ConsoleAppender<?> stdout = (ConsoleAppender<?>) root.getAppender("STDOUT");
        LoggingEvent event = new LoggingEvent(getClass().getName(), context.getLogger("dev.payrail.invoice.X"),
                Level.WARN, "payment_attempt_failed invoice_id=7", null, null);

        String line = new String(((PatternLayoutEncoder) stdout.getEncoder()).encode(event), StandardCharsets.UTF_8);

        assertThat(stdout.isStarted()).isTrue();
        assertThat(line).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z WARN  \\[.*\\] "
                + "dev\\.payrail\\.invoice\\.X - payment_attempt_failed invoice_id=7\\R");
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("io.zonky.test").getEffectiveLevel()).isEqualTo(Level.WARN);
    }
}
