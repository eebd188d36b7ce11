package dev.payrail.invoice;

/**
 * The configuration is wrong. The message is one plain line naming the variable and its value (secrets
 * masked); {@link Main} prints it and exits without a stack trace.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
