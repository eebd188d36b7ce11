package dev.payrail.server.http;

import java.io.IOException;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.FilterChainEvent;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpEvents;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.util.Header;

/**
 * Answers a request that offers a protocol upgrade ({@code Upgrade: h2c}, as {@code curl --http2} and the JDK's
 * {@code HttpClient} send on plain http) over HTTP/1.1, exactly as if the offer had not been made. RFC 9110 §7.8
 * lets a server ignore the offer.
 *
 * <p>Why it is needed: Grizzly's codec treats any request carrying {@code Upgrade} as the start of another protocol
 * the moment its header is parsed. It stops reading the body by {@code Content-Length} (the "body" then runs to the
 * end of the connection, so a request waits for bytes that never come), stops adding {@code Content-Type} and
 * {@code Content-Length} to the answer, and closes the connection after it. Without an HTTP/2 or WebSocket add-on
 * nothing takes the connection over, so the provider hung for 30 s and invoice-app answered without a
 * {@code Content-Type}. The codec announces the upgrade to the filters above it before it prepares the request;
 * this filter, placed right above the codec, withdraws it there, so the request is then prepared as plain HTTP/1.1.
 */
public final class IgnoreUpgradeOffers implements AddOn {

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int codec = builder.indexOfType(org.glassfish.grizzly.http.HttpServerFilter.class);
        if (codec < 0) {
            throw new IllegalStateException("listener " + listener.getName() + " has no HTTP codec filter");
        }
        builder.add(codec + 1, new WithdrawUpgrade());
    }

    /** Runs synchronously inside the codec's parsing of the request header, before the request is prepared. */
    private static final class WithdrawUpgrade extends BaseFilter {
        @Override
        public NextAction handleEvent(FilterChainContext ctx, FilterChainEvent event) throws IOException {
            if (event.type() != HttpEvents.IncomingHttpUpgradeEvent.TYPE) {
                return ctx.getInvokeAction();
            }
            HttpHeader header = ((HttpEvents.IncomingHttpUpgradeEvent) event).getHttpHeader();
            header.setIgnoreContentModifiers(false);
            header.getUpgradeDC().recycle();
            header.getHeaders().removeHeader(Header.Upgrade);
            return ctx.getStopAction();
        }
    }
}
