package dev.payrail.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sends bytes exactly as given over a fresh loopback connection: the only way to send what a well-behaved client
 * refuses to (CR/LF in header values, invalid UTF-8, lying {@code Content-Length}, oversized heads). Shared with
 * the provider's and invoice-app's fuzz tests through payment-api's test-jar.
 */
public final class RawHttp {
    /** What came back: a status of {@code -1} means the server closed the connection without answering. */
    public record Answer(int status, Map<String, String> headers, String body) {
        public boolean answered() {
            return status > 0;
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final URI base;

    public RawHttp(URI base) {
        this.base = base;
    }

    /** A request head (request line and headers, without the blank line), joined with CRLF. */
    public static byte[] head(String method, String target, String... headers) {
        StringBuilder text = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        for (String header : headers) {
            text.append(header).append("\r\n");
        }
        return text.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    public Answer send(byte[] head, byte[] body) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head);
                out.write(body);
                out.flush();
                socket.shutdownOutput();
            } catch (SocketException closedWhileWriting) {
                // The server may refuse a giant request before reading all of it; what it answered still counts.
            }
            return read(socket.getInputStream());
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within 20 s", e);
        } catch (IOException e) {
            return new Answer(-1, Map.of(), "connection failed: " + e.getMessage());
        }
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                bytes.write(buffer, 0, n);
                if (complete(bytes.toByteArray())) {
                    break;
                }
            }
        } catch (SocketException reset) {
            // A reset after (part of) an answer: parse what arrived.
        }
        String text = bytes.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.") || end < 0) {
            return new Answer(-1, Map.of(), text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        byte[] raw = bytes.toByteArray();
        String body = new String(raw, end + 4, raw.length - end - 4, StandardCharsets.UTF_8);
        return new Answer(status, headers, body);
    }

    /** True once the head and a Content-Length body have arrived (the server may keep the connection open). */
    private static boolean complete(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        for (String line : text.substring(0, end).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                long length = Long.parseLong(line.substring(15).trim());
                return raw.length >= end + 4 + length;
            }
        }
        return false;
    }
}
