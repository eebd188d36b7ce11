package dev.payrail.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback TCP proxy in front of a real database, to break it the ways production breaks: {@link #refuse()} (the
 * database is down: new connections are closed at once, open ones are cut) and {@link #blackHole()} (the database
 * hangs, as under SIGSTOP or a dropped route: connections are accepted, bytes are no longer forwarded, nothing is
 * ever answered). {@link #forward()} heals it.
 */
public final class TcpProxy implements AutoCloseable {
    private enum Mode { FORWARD, REFUSE, BLACK_HOLE }

    private static final Pattern HOST_PORT = Pattern.compile("//([^:/]+):(\\d+)/");

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.FORWARD;
    private volatile boolean closed;
    private volatile String proxiedUrl;

    public TcpProxy(String targetHost, int targetPort) {
        this.target = new InetSocketAddress(targetHost, targetPort);
        try {
            this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * A proxy in front of the database of {@code jdbcUrl} ({@code jdbc:postgresql://host:port/db?...}, or the same
     * without {@code jdbc:}); {@link #proxiedUrl()} is that URL pointing at the proxy instead.
     */
    public static TcpProxy inFrontOf(String jdbcUrl) {
        Matcher hostPort = HOST_PORT.matcher(jdbcUrl);
        if (!hostPort.find()) {
            throw new IllegalArgumentException("no //host:port/ in " + jdbcUrl);
        }
        TcpProxy proxy = new TcpProxy(hostPort.group(1), Integer.parseInt(hostPort.group(2)));
        proxy.proxiedUrl = hostPort.replaceFirst("//127.0.0.1:" + proxy.port() + "/");
        return proxy;
    }

    /** The URL given to {@link #inFrontOf}, going through this proxy. */
    public String proxiedUrl() {
        if (proxiedUrl == null) {
            throw new IllegalStateException("made from a host and port, not from a URL: use port()");
        }
        return proxiedUrl;
    }

    public int port() {
        return server.getLocalPort();
    }

    public void forward() {
        mode = Mode.FORWARD;
    }

    /** Down: open connections are cut, new ones closed as soon as they are accepted. */
    public void refuse() {
        mode = Mode.REFUSE;
        cutAll();
    }

    /** Hung: nothing forwarded either way, nothing closed. */
    public void blackHole() {
        mode = Mode.BLACK_HOLE;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                if (mode == Mode.REFUSE) {
                    client.close();
                    continue;
                }
                sockets.add(client);
                if (mode == Mode.BLACK_HOLE) {
                    continue; // accepted, never answered
                }
                Socket upstream = new Socket();
                upstream.connect(target, 2_000);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                // a refused upstream or a closed server socket: the client sees its connection end
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    while (mode == Mode.BLACK_HOLE && !closed) {
                        Thread.sleep(20); // hold the bytes: the peer waits for an answer that never comes
                    }
                    if (mode == Mode.REFUSE || closed) {
                        break;
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // one side closed
            } finally {
                close(from);
                close(to);
            }
        }, "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private void cutAll() {
        for (Socket socket : sockets) {
            close(socket);
        }
        sockets.clear();
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        cutAll();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
