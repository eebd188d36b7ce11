package dev.payrail.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogConfiguratorTest {
    private static final ServiceIdentity SERVICE = new ServiceIdentity("payment-provider", "9.9.9-test");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void logsOneLinePerEventWithTheStackTraceFoldedOntoIt() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter()); // a context of our own has none; the request id is MDC
        LogConfigurator.apply(context, null, null, SERVICE, false);
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
        LogConfigurator.apply(debug, "DEBUG", "text", SERVICE, false);
        LoggerContext unknown = new LoggerContext();
        LogConfigurator.apply(unknown, "LOUD", "text", SERVICE, false);

        assertThat(debug.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.DEBUG);
        assertThat(unknown.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.INFO);
        assertThat(debug.getLogger("org.glassfish.grizzly.http").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(debug.getLogger("org.flywaydb.core").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(debug.getLogger("dev.payrail.provider").getEffectiveLevel()).isEqualTo(Level.DEBUG);
    }

    @Test
    void jsonFormatWritesOneEcsObjectPerLineWithTheStackTraceInside() throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        LogConfigurator.apply(context, "INFO", "JSON", SERVICE, false);
        Logger logger = context.getLogger("dev.payrail.provider.db.GroupCommitWriter");
        context.getMDCAdapter().put("requestId", "req_8000000000000001");
        context.getMDCAdapter().put("trace.id", "4bf92f3577b34da6a3ce929d0e0e4736");
        context.getMDCAdapter().put("span.id", "00f067aa0ba902b7");

        LoggingEvent event = new LoggingEvent(getClass().getName(), logger, Level.ERROR, "ledger write failed",
                new IllegalStateException("disk full\nsecond line"), null);
        String line = new String(encoder(context).encode(event), StandardCharsets.UTF_8);

        assertThat(line).endsWith("\n").containsOnlyOnce("\n");
        JsonNode json = JSON.readTree(line);
        assertThat(json.path("@timestamp").asText()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
        assertThat(json.path("log.level").asText()).isEqualTo("ERROR");
        assertThat(json.path("message").asText()).isEqualTo("ledger write failed");
        assertThat(json.path("log.logger").asText()).isEqualTo("dev.payrail.provider.db.GroupCommitWriter");
        assertThat(json.path("service.name").asText()).isEqualTo("payment-provider");
        assertThat(json.path("service.version").asText()).isEqualTo("9.9.9-test");
        assertThat(json.path("process.thread.name").asText()).isEqualTo(Thread.currentThread().getName());
        assertThat(json.path("requestId").asText()).isEqualTo("req_8000000000000001");
        assertThat(json.path("trace.id").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(json.path("span.id").asText()).isEqualTo("00f067aa0ba902b7");
        assertThat(json.path("error.type").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(json.path("error.message").asText()).isEqualTo("disk full\nsecond line");
        assertThat(json.path("error.stack_trace").asText())
                .startsWith("java.lang.IllegalStateException: disk full")
                .contains("at dev.payrail.server.LogConfiguratorTest.jsonFormatWritesOneEcsObjectPerLine");
    }

    @Test
    void textIsTheDefaultAndAnyOtherFormatFallsBackToIt() {
        for (String format : new String[] {null, "", "text", "TEXT", "yaml"}) {
            LoggerContext context = new LoggerContext();
            LogConfigurator.apply(context, null, format, SERVICE, false);
            assertThat(encoder(context)).as("LOG_FORMAT=%s", format).isInstanceOf(PatternLayoutEncoder.class);
        }
        assertThat(LogConfigurator.FORMATS).containsExactly("text", "json");
    }

    @Test
    void serviceIsNamedByTheShippedResourceUnlessOtelServiceNameRenamesIt() {
        ServiceIdentity shipped = ServiceIdentity.of(Map.of());
        ServiceIdentity renamed = ServiceIdentity.of(Map.of("OTEL_SERVICE_NAME", " provider-eu "));

        assertThat(shipped).isEqualTo(new ServiceIdentity("server-support-test", "1.2.3"));
        assertThat(renamed).isEqualTo(new ServiceIdentity("provider-eu", "1.2.3"));
    }

    @SuppressWarnings("unchecked")
    private static Encoder<ILoggingEvent> encoder(LoggerContext context) {
        ConsoleAppender<ILoggingEvent> stdout = (ConsoleAppender<ILoggingEvent>) context
                .getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
        return stdout.getEncoder();
    }

    @Test
    void anUnknownLevelOrFormatIsReportedNamingTheVariableAndTheValue() {
        assertThat(LogConfigurator.invalidSetting(Map.of("LOG_LEVEL", "LOUD")).map(LogConfigurator.InvalidSetting::message))
                .contains("LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF, was 'LOUD'");
        assertThat(LogConfigurator.invalidSetting(Map.of("LOG_FORMAT", " ecs ")).map(LogConfigurator.InvalidSetting::message))
                .contains("LOG_FORMAT must be one of text, json, was 'ecs'");
        assertThat(LogConfigurator.invalidSetting(Map.of("LOG_LEVEL", "warn", "LOG_FORMAT", "JSON"))).isEmpty();
        assertThat(LogConfigurator.invalidSetting(Map.of("LOG_LEVEL", " ", "LOG_FORMAT", ""))).isEmpty();
    }
}
