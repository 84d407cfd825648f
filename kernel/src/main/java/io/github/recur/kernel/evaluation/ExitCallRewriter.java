package io.github.recur.kernel.evaluation;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.nio.charset.StandardCharsets;

/**
 * Points the exit calls of a snippet class at {@link ExitGuard}, as JShell loads it:
 * {@code System.exit(n)}, {@code Runtime.getRuntime().exit(n)} and {@code .halt(n)}, called directly or
 * through a method reference ({@code System::exit}). The JDK offers no other way to refuse an exit
 * on every version from 17 on: the Security Manager's {@code checkExit} is refused at JVM start from 24.
 *
 * <p>ASM rather than the JDK's own class-file API: that API is final only from JDK 24, and the
 * kernel runs on 17. The rewrite keeps every instruction's stack effect, so frames stay valid.
 */
final class ExitCallRewriter {
    private static final String GUARD = "io/github/recur/kernel/evaluation/ExitGuard";
    private static final String SYSTEM = "java/lang/System";
    private static final String RUNTIME = "java/lang/Runtime";
    private static final String EXIT_DESC = "(I)V";
    private static final String RUNTIME_EXIT_DESC = "(Ljava/lang/Runtime;I)V";
    /** The newest class-file version read as is; newer files are read as this one and written back unchanged. */
    private static final int READABLE_VERSION = Opcodes.V21;

    private ExitCallRewriter() {}

    /** The class with its exit calls redirected, or the same array when it makes none. */
    static byte[] rewrite(byte[] classFile) {
        if (!containsUtf8(classFile, "exit") && !containsUtf8(classFile, "halt")) return classFile;
        int major = ((classFile[6] & 0xFF) << 8) | (classFile[7] & 0xFF);
        ClassReader reader;
        try {
            reader = new ClassReader(classFile);
        } catch (IllegalArgumentException tooNew) {
            byte[] older = classFile.clone(); // a JDK newer than this ASM: snippet classes use nothing new
            older[6] = (byte) (READABLE_VERSION >>> 8);
            older[7] = (byte) READABLE_VERSION;
            reader = new ClassReader(older);
        }
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                super.visit(major | (version & 0xFFFF0000), access, name, signature, superName, interfaces);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return new Redirect(super.visitMethod(access, name, descriptor, signature, exceptions));
            }
        }, 0);
        return writer.toByteArray();
    }

    private static final class Redirect extends MethodVisitor {
        Redirect(MethodVisitor next) { super(Opcodes.ASM9, next); }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            if (opcode == Opcodes.INVOKESTATIC && isSystemExit(owner, name, descriptor)) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARD, "exit", EXIT_DESC, false);
            } else if (opcode == Opcodes.INVOKEVIRTUAL && isRuntimeExit(owner, name, descriptor)) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARD, guardName(name), RUNTIME_EXIT_DESC, false);
            } else {
                super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            }
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
            Object[] args = arguments.clone();
            for (int i = 0; i < args.length; i++) args[i] = redirect(args[i]);
            super.visitInvokeDynamicInsn(name, descriptor, bootstrap, args);
        }

        @Override
        public void visitLdcInsn(Object value) {
            super.visitLdcInsn(redirect(value));
        }
    }

    /** A method handle constant to an exit call becomes one to the guard; anything else is returned as is. */
    private static Object redirect(Object constant) {
        if (!(constant instanceof Handle)) return constant;
        Handle h = (Handle) constant;
        if (h.getTag() == Opcodes.H_INVOKESTATIC && isSystemExit(h.getOwner(), h.getName(), h.getDesc())) {
            return new Handle(Opcodes.H_INVOKESTATIC, GUARD, "exit", EXIT_DESC, false);
        }
        if (h.getTag() == Opcodes.H_INVOKEVIRTUAL && isRuntimeExit(h.getOwner(), h.getName(), h.getDesc())) {
            return new Handle(Opcodes.H_INVOKESTATIC, GUARD, guardName(h.getName()), RUNTIME_EXIT_DESC, false);
        }
        return constant;
    }

    private static boolean isSystemExit(String owner, String name, String descriptor) {
        return SYSTEM.equals(owner) && "exit".equals(name) && EXIT_DESC.equals(descriptor);
    }

    private static boolean isRuntimeExit(String owner, String name, String descriptor) {
        return RUNTIME.equals(owner) && ("exit".equals(name) || "halt".equals(name)) && EXIT_DESC.equals(descriptor);
    }

    private static String guardName(String runtimeMethod) {
        return "exit".equals(runtimeMethod) ? "runtimeExit" : "runtimeHalt";
    }

    /** Whether the constant pool can hold this name: its CONSTANT_Utf8 bytes (tag 1, length, text) occur. */
    static boolean containsUtf8(byte[] classFile, String text) {
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + 3 + t.length <= classFile.length; i++) {
            if (classFile[i] != 1 || classFile[i + 1] != 0 || classFile[i + 2] != t.length) continue;
            for (int k = 0; k < t.length; k++) if (classFile[i + 3 + k] != t[k]) continue outer;
            return true;
        }
        return false;
    }
}
