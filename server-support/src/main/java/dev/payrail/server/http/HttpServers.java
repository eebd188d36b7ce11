package dev.payrail.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payrail.server.RequestTargetGuard;
import java.net.URI;
import java.util.Objects;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/** How both servers put a Jersey application on Grizzly: one place, so a fix to the HTTP layer reaches both. */
public final class HttpServers {
    private HttpServers() {
    }

    /**
     * A server for {@code application} on {@code bind}, not started yet: the request-target guard in front of
     * Jersey, and every listener answering HTTP/1.1 to an upgrade offer ({@link IgnoreUpgradeOffers}).
     */
    public static HttpServer create(URI bind, ResourceConfig application, ObjectMapper mapper) {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(mapper, "mapper");
        HttpServer http = GrizzlyHttpServerFactory.createHttpServer(bind, application, false);
        RequestTargetGuard.install(http, mapper);
        for (NetworkListener listener : http.getListeners()) {
            listener.registerAddOn(new IgnoreUpgradeOffers());
        }
        return http;
    }
}
