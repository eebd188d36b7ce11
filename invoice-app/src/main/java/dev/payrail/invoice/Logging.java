package dev.payrail.invoice;

import org.slf4j.bridge.SLF4JBridgeHandler;

/** Jersey and Grizzly log through java.util.logging; send it to SLF4J so there is one log format. */
final class Logging {
    private Logging() {
    }

    static void routeJulToSlf4j() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }
}
