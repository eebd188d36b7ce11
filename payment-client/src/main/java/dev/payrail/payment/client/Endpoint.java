package dev.payrail.payment.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;

/**
 * One operation of a payment-api interface ({@code ChargesApi::createCharge}, say), resolved once, when the client
 * is built, from the operation's JAX-RS annotations: its HTTP method, the path of the interface and the method,
 * which parameter fills which path template, query parameter or header, which one is the JSON body, and the
 * {@code Accept} and {@code Content-Type} the contract declares. A call then only fills in the values, so nothing
 * but those annotations defines what goes on the wire, and none of them is read again per call.
 *
 * <p>The operation is named by a method reference, so renaming it or changing its parameters in payment-api
 * breaks the client's compilation rather than its requests. Only what the contract uses is supported
 * ({@code @PathParam}, {@code @QueryParam}, {@code @HeaderParam}, one unannotated body); anything else fails the
 * build of the client with a sentence naming the operation.
 */
final class Endpoint {
    private static final Pattern TEMPLATE = Pattern.compile("\\{\\s*([\\w.-]+)\\s*(?::[^}]*)?}");
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    /** An operation with one parameter, named by a method reference such as {@code ChargesApi::getCharge}. */
    @FunctionalInterface
    interface Operation1<I, A> {
        Response call(I api, A a);
    }

    /** An operation with two parameters, such as {@code ChargesApi::createCharge}. */
    @FunctionalInterface
    interface Operation2<I, A, B> {
        Response call(I api, A a, B b);
    }

    /** A resolved operation with one parameter. */
    static final class Unary<A> {
        private final Endpoint endpoint;

        private Unary(Endpoint endpoint) {
            this.endpoint = endpoint;
        }

        ClassicHttpRequest request(A a) {
            return endpoint.request(new Object[] {a});
        }

        @Override
        public String toString() {
            return endpoint.toString();
        }
    }

    /** A resolved operation with two parameters. */
    static final class Binary<A, B> {
        private final Endpoint endpoint;

        private Binary(Endpoint endpoint) {
            this.endpoint = endpoint;
        }

        ClassicHttpRequest request(A a, B b) {
            return endpoint.request(new Object[] {a, b});
        }

        @Override
        public String toString() {
            return endpoint.toString();
        }
    }

    /** Where a parameter's value goes. */
    private enum Role { PATH, QUERY, HEADER, BODY }

    private record Binding(Role role, String name) {
    }

    private final String operation;
    private final String httpMethod;
    private final HttpHost host;
    /** The path split at its templates: literal, template, literal, ...; literals are already encoded. */
    private final String[] pathParts;
    /** For each template in {@link #pathParts}, the index of the parameter that fills it. */
    private final int[] templateArguments;
    private final Binding[] bindings;
    private final String accept;
    private final ContentType contentType;
    private final ObjectMapper json;

    private Endpoint(Method method, URI baseUri, ObjectMapper json) {
        Class<?> api = method.getDeclaringClass();
        this.operation = api.getSimpleName() + "." + method.getName();
        this.json = json;
        this.httpMethod = httpMethod(method);
        this.host = new HttpHost(baseUri.getScheme(), baseUri.getHost(), baseUri.getPort());
        this.bindings = bindings(method);
        String prefix = baseUri.getRawPath() == null ? "" : baseUri.getRawPath();
        String path = join(join(prefix, value(api.getAnnotation(Path.class))), value(method.getAnnotation(Path.class)));
        List<String> parts = new ArrayList<>();
        List<Integer> arguments = new ArrayList<>();
        Matcher template = TEMPLATE.matcher(path);
        int literalStart = 0;
        while (template.find()) {
            parts.add(path.substring(literalStart, template.start()));
            parts.add(null);
            arguments.add(argumentFor(Role.PATH, template.group(1)));
            literalStart = template.end();
        }
        parts.add(path.substring(literalStart));
        this.pathParts = parts.toArray(String[]::new);
        this.templateArguments = arguments.stream().mapToInt(Integer::intValue).toArray();
        for (int i = 0; i < bindings.length; i++) {
            if (bindings[i].role() == Role.PATH && !arguments.contains(i)) {
                throw new IllegalArgumentException(operation + ": @PathParam(\"" + bindings[i].name()
                        + "\") matches no template in path " + path);
            }
        }
        this.accept = mediaTypes(method.getAnnotation(Produces.class), api.getAnnotation(Produces.class));
        boolean hasBody = Arrays.stream(bindings).anyMatch(b -> b.role() == Role.BODY);
        String consumes = mediaTypes(method.getAnnotation(Consumes.class), api.getAnnotation(Consumes.class));
        if (hasBody && (consumes == null || consumes.contains(","))) {
            throw new IllegalArgumentException(operation + " has a body but does not @Consume exactly one media type");
        }
        this.contentType = hasBody ? ContentType.parse(consumes) : null;
        if (hasBody && !contentType.getMimeType().equals("application/json")) {
            throw new IllegalArgumentException(operation + " consumes " + consumes + "; only JSON bodies are sent");
        }
    }

    /** Resolves the operation {@code operation} (a method reference) of {@code api} against {@code baseUri}. */
    static <I, A> Unary<A> unary(Class<I> api, Operation1<I, A> operation, URI baseUri, ObjectMapper json) {
        Method method = resolve(api, proxy -> operation.call(proxy, null));
        return new Unary<>(new Endpoint(method, baseUri, json));
    }

    /** Resolves the operation {@code operation} (a method reference) of {@code api} against {@code baseUri}. */
    static <I, A, B> Binary<A, B> binary(Class<I> api, Operation2<I, A, B> operation, URI baseUri, ObjectMapper json) {
        Method method = resolve(api, proxy -> operation.call(proxy, null, null));
        return new Binary<>(new Endpoint(method, baseUri, json));
    }

    /** Which method of {@code api} {@code invocation} calls, found by calling it once on a recording proxy. */
    private static <I> Method resolve(Class<I> api, java.util.function.Consumer<I> invocation) {
        Method[] invoked = new Method[1];
        I recorder = api.cast(Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[] {api},
                (proxy, method, args) -> {
                    invoked[0] = method;
                    return null;
                }));
        invocation.accept(recorder);
        if (invoked[0] == null || invoked[0].getDeclaringClass() != api) {
            throw new IllegalArgumentException("not an operation of " + api.getSimpleName() + ": " + invoked[0]);
        }
        return invoked[0];
    }

    /** The request for one attempt; the caller adds the {@code Authorization} header. */
    ClassicHttpRequest request(Object[] arguments) {
        StringBuilder path = new StringBuilder(64);
        int template = 0;
        for (String part : pathParts) {
            if (part != null) {
                path.append(part);
            } else {
                Object value = arguments[templateArguments[template++]];
                if (value == null) {
                    throw new IllegalArgumentException(operation + ": a path parameter is null");
                }
                encode(value.toString(), path);
            }
        }
        char separator = '?';
        for (int i = 0; i < bindings.length; i++) {
            if (bindings[i].role() == Role.QUERY && arguments[i] != null) {
                path.append(separator);
                encode(bindings[i].name(), path);
                path.append('=');
                encode(arguments[i].toString(), path);
                separator = '&';
            }
        }
        BasicClassicHttpRequest request = new BasicClassicHttpRequest(httpMethod, host, path.toString());
        if (accept != null) {
            request.addHeader(HttpHeaders.ACCEPT, accept);
        }
        for (int i = 0; i < bindings.length; i++) {
            Binding binding = bindings[i];
            if (binding.role() == Role.HEADER && arguments[i] != null) {
                request.addHeader(binding.name(), arguments[i].toString());
            } else if (binding.role() == Role.BODY && arguments[i] != null) {
                request.setEntity(new ByteArrayEntity(toJson(arguments[i]), contentType));
            }
        }
        return request;
    }

    private byte[] toJson(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            // The bodies are payment-api records, which always serialize; this would be a bug in the client.
            throw new IllegalStateException(operation + ": the body could not be written as JSON", e);
        }
    }

    @Override
    public String toString() {
        return operation + " (" + httpMethod + " " + String.join("{}", Arrays.stream(pathParts)
                .map(p -> p == null ? "" : p).toList()) + ")";
    }

    private int argumentFor(Role role, String name) {
        for (int i = 0; i < bindings.length; i++) {
            if (bindings[i].role() == role && bindings[i].name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException(operation + ": no @PathParam(\"" + name + "\") for the path template");
    }

    private String httpMethod(Method method) {
        String found = null;
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                if (found != null) {
                    throw new IllegalArgumentException(operation + " has two HTTP methods: " + found + " and "
                            + http.value());
                }
                found = http.value();
            }
        }
        if (found == null) {
            throw new IllegalArgumentException(operation + " has no HTTP method annotation (@GET, @POST, ...)");
        }
        return found;
    }

    private Binding[] bindings(Method method) {
        Annotation[][] annotations = method.getParameterAnnotations();
        Binding[] result = new Binding[annotations.length];
        int bodies = 0;
        for (int i = 0; i < annotations.length; i++) {
            for (Annotation annotation : annotations[i]) {
                Binding binding = null;
                if (annotation instanceof PathParam p) {
                    binding = new Binding(Role.PATH, p.value());
                } else if (annotation instanceof QueryParam q) {
                    binding = new Binding(Role.QUERY, q.value());
                } else if (annotation instanceof HeaderParam h) {
                    binding = new Binding(Role.HEADER, h.value());
                } else if (annotation.annotationType().getPackageName().startsWith("jakarta.ws.rs")) {
                    throw new IllegalArgumentException(operation + " parameter " + i + ": "
                            + annotation.annotationType().getSimpleName() + " is not supported by the client");
                }
                if (binding != null) {
                    if (result[i] != null) {
                        throw new IllegalArgumentException(operation + " parameter " + i + " has two bindings");
                    }
                    result[i] = binding;
                }
            }
            if (result[i] == null) {
                result[i] = new Binding(Role.BODY, null);
                bodies++;
            }
        }
        if (bodies > 1) {
            throw new IllegalArgumentException(operation + " has " + bodies + " unannotated (body) parameters");
        }
        return result;
    }

    private static String value(Path path) {
        return path == null ? "" : path.value();
    }

    private static String join(String left, String right) {
        String l = left.endsWith("/") ? left.substring(0, left.length() - 1) : left;
        String r = right.startsWith("/") ? right.substring(1) : right;
        if (r.isEmpty()) {
            return l.isEmpty() ? "/" : l;
        }
        return l + "/" + r;
    }

    private static String mediaTypes(Produces onMethod, Produces onType) {
        Produces produces = onMethod != null ? onMethod : onType;
        return produces == null ? null : String.join(", ", produces.value());
    }

    private static String mediaTypes(Consumes onMethod, Consumes onType) {
        Consumes consumes = onMethod != null ? onMethod : onType;
        return consumes == null ? null : String.join(", ", consumes.value());
    }

    /**
     * Percent-encodes {@code value} as UTF-8, leaving only RFC 3986's unreserved characters as they are: safe in a
     * path segment (a {@code /} in an id stays inside its segment) and in a query value alike.
     */
    static void encode(String value, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (unreserved(c)) {
                out.append(c);
            } else {
                encodeFrom(value, i, out);
                return;
            }
        }
    }

    private static void encodeFrom(String value, int from, StringBuilder out) {
        byte[] utf8 = value.substring(from).getBytes(StandardCharsets.UTF_8);
        for (byte b : utf8) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && unreserved(c)) {
                out.append(c);
            } else {
                out.append('%').append((char) HEX[(b >> 4) & 0xf]).append((char) HEX[b & 0xf]);
            }
        }
    }

    private static boolean unreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
