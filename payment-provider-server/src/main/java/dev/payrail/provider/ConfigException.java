package dev.payrail.provider;

/**
 * The environment does not describe a runnable provider. The message is the one line an operator sees: it names
 * the variable and the offending value (passwords masked), so no stack trace is needed.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message, null, false, false);
    }

    static ConfigException invalid(String variable, String shownValue, String expectation) {
        return new ConfigException("invalid configuration: " + variable + "=\"" + shownValue + "\" " + expectation);
    }
}
