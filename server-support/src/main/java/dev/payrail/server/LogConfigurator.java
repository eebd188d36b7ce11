package dev.payrail.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import co.elastic.logging.logback.EcsEncoder;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Both servers' logging, set up in code: one line per event on stdout, level from {@code LOG_LEVEL}, readable text
 * or, with {@code LOG_FORMAT=json}, one Elastic Common Schema object per line (ECS logging Java's encoder: stack
 * traces inside the object, MDC entries such as {@code requestId}, {@code trace.id} and {@code span.id} as fields).
 * Logback's
 * XML configuration loaded some 600 classes (Joran and an XML parser) at start-up, about 0.25 s of the CPU time a
 * 1-CPU pod took to become ready. A {@code logback.configurationFile} system property or a {@code logback-test.xml}
 * on the class path (the tests') still wins: this then hands over to logback's own configurators.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
    /** Stack traces are folded onto the event's line. */
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX,UTC} %-5level [%thread] %logger{30}"
            + " %X{requestId:--} %msg%replace(%xException){'[\\r\\n]+\\s*', ' | '}%nopex%n";
    /** The values {@code LOG_LEVEL} may take, in any case; the configuration refuses others at start-up. */
    public static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");
    /** The values {@code LOG_FORMAT} may take, in any case; the configuration refuses others at start-up. */
    public static final List<String> FORMATS = List.of("text", "json");
    private static final Map<String, Level> QUIET = Map.of(
            "org.glassfish", Level.WARN,
            // Jersey warns that resource *instances* "implement no provider interfaces"; they are resources.
            "org.glassfish.jersey.internal.inject.Providers", Level.ERROR,
            "org.flywaydb", Level.WARN,
            "com.zaxxer.hikari", Level.WARN,
            "io.zonky", Level.WARN);

    /**
     * A {@code LOG_LEVEL} or {@code LOG_FORMAT} that {@link #apply} would silently replace by its default.
     *
     * @param variable    {@code LOG_LEVEL} or {@code LOG_FORMAT}
     * @param value       the value as given
     * @param expectation e.g. {@code must be one of text, json}
     */
    public record InvalidSetting(String variable, String value, String expectation) {
        /** {@code LOG_FORMAT must be one of text, json, was 'ecs'}. */
        public String message() {
            return variable + " " + expectation + ", was '" + value + "'";
        }
    }

    /**
     * The first of {@code LOG_LEVEL} and {@code LOG_FORMAT} in {@code env} that is set (not blank) but not one of
     * {@link #LEVELS} or {@link #FORMATS}. Logging is set up before the servers read their configuration, so an
     * unknown value has already fallen back to the default; the configuration calls this so that a typo stops
     * start-up instead of passing silently.
     */
    public static Optional<InvalidSetting> invalidSetting(Map<String, String> env) {
        String level = trimmed(env.get("LOG_LEVEL"));
        if (level != null && !LEVELS.contains(level.toUpperCase(Locale.ROOT))) {
            return Optional.of(new InvalidSetting("LOG_LEVEL", level, "must be one of " + String.join(", ", LEVELS)));
        }
        String format = trimmed(env.get("LOG_FORMAT"));
        if (format != null && !FORMATS.contains(format.toLowerCase(Locale.ROOT))) {
            return Optional.of(new InvalidSetting("LOG_FORMAT", format, "must be one of " + String.join(", ", FORMATS)));
        }
        return Optional.empty();
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || LogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context, System.getenv("LOG_LEVEL"), System.getenv("LOG_FORMAT"), ServiceIdentity.of(System.getenv()),
                true);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** {@code LOG_FORMAT=json} (any case); anything else, including an unknown value, is text. */
    static boolean isJson(String logFormat) {
        return logFormat != null && logFormat.trim().toLowerCase(Locale.ROOT).equals("json");
    }

    /**
     * Sets up {@code context}: stdout, {@link #PATTERN} or ECS JSON for {@code service}, the root at
     * {@code logLevel} (INFO when unset or unknown), and, with {@code propagateToJul}, logback's levels copied to
     * java.util.logging (Jersey and Grizzly log through it; this keeps their disabled levels cheap). Tests leave
     * the JVM's JUL set-up alone. An unknown level or format falls back here; the servers' configuration then
     * stops start-up naming the variable.
     */
    static void apply(LoggerContext context, String logLevel, String logFormat, ServiceIdentity service,
            boolean propagateToJul) {
        if (propagateToJul) {
            LevelChangePropagator julLevels = new LevelChangePropagator();
            julLevels.setContext(context);
            julLevels.setResetJUL(true);
            julLevels.start();
            context.addListener(julLevels);
        }

        Encoder<ILoggingEvent> encoder = isJson(logFormat) ? ecs(context, service) : text(context);
        ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
        stdout.setContext(context);
        stdout.setName("STDOUT");
        stdout.setEncoder(encoder);
        stdout.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(logLevel, Level.INFO));
        root.addAppender(stdout);
        QUIET.forEach((name, level) -> context.getLogger(name).setLevel(level));
    }

    private static Encoder<ILoggingEvent> text(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        return encoder;
    }

    private static Encoder<ILoggingEvent> ecs(LoggerContext context, ServiceIdentity service) {
        EcsEncoder encoder = new EcsEncoder();
        encoder.setContext(context);
        encoder.setServiceName(service.name());
        encoder.setServiceVersion(service.version());
        encoder.start();
        return encoder;
    }
}
