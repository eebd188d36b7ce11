package dev.payrail.payment.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;

/**
 * A token read from a file, read again when the file changes. The kubelet replaces a projected token by
 * swapping a symbolic link to a new directory, which changes the file's identity and modification time; an
 * in-place rewrite changes the modification time or the size. Unchanged, a call costs one {@code stat}.
 */
final class FileTokenProvider implements TokenProvider {
    private final Path file;
    private volatile Snapshot current;

    FileTokenProvider(Path file) {
        this.file = file;
        try {
            this.current = read(attributes());
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("token file " + file + " cannot be used: " + describe(e), e);
        }
    }

    @Override
    public String token() {
        try {
            BasicFileAttributes attributes = attributes();
            Snapshot snapshot = current;
            if (!snapshot.matches(attributes)) {
                snapshot = read(attributes);
                current = snapshot;
            }
            return snapshot.token();
        } catch (IOException e) {
            throw new IllegalStateException("token file " + file + " cannot be read: " + describe(e), e);
        }
    }

    private BasicFileAttributes attributes() throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class);
    }

    private Snapshot read(BasicFileAttributes attributes) throws IOException {
        String token = Tokens.requireUsable(Files.readString(file, StandardCharsets.US_ASCII).strip(),
                "token in " + file);
        return new Snapshot(token, attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
    }

    private static String describe(Exception e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }

    @Override
    public String toString() {
        return "TokenProvider.fromFile(" + file + ")";
    }

    /** What was read, and the attributes it was read under. */
    private record Snapshot(String token, FileTime modified, long size, Object fileKey) {
        boolean matches(BasicFileAttributes attributes) {
            return size == attributes.size()
                    && modified.equals(attributes.lastModifiedTime())
                    && Objects.equals(fileKey, attributes.fileKey());
        }
    }
}
