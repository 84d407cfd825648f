// What soak.py loads into the kernel it soaks (%load): the models it tracks and one measurement,
// soakMeasure(), a one-snippet cell each time.

// glibc's allocation statistics and malloc_trim, through JNA (on the kernel's class path for ND4J's OSHI).
public static class SoakMallInfo extends com.sun.jna.Structure implements com.sun.jna.Structure.ByValue {
    public long arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, fordblks, keepcost;

    @Override protected List<String> getFieldOrder() {
        return List.of("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
                       "keepcost");
    }
}

public interface SoakLibc extends com.sun.jna.Library {
    SoakMallInfo mallinfo2();

    int malloc_trim(long pad);
}

SoakLibc soakLibc = com.sun.jna.Native.loadLibrary("c", SoakLibc.class);

// Every model the session builds, weakly: once dropped, none may stay reachable.
List<java.lang.ref.WeakReference<Model>> soakModels = new ArrayList<>();

Model soakTracked(Model m) {
    soakModels.add(new java.lang.ref.WeakReference<>(m));
    return m;
}

// A jcmd command, run inside the kernel (by the DiagnosticCommand MBean's name for it).
String soakJcmd(String command, String... args) throws Exception {
    return (String) java.lang.management.ManagementFactory.getPlatformMBeanServer().invoke(
            new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), command,
            new Object[] {args}, new String[] {String[].class.getName()});
}

// The JVM's own malloc'd bytes, and of those the JIT's scratch memory (its compilations' arenas, and the
// chunks the JVM pools for a few seconds after), from Native Memory Tracking (soak.py turns it on).
long[] soakJvmMalloc() throws Exception {
    String summary = soakJcmd("vmNativeMemory", "summary");
    var all = java.util.regex.Pattern.compile("malloc: (\\d+)KB").matcher(summary);
    var jit = java.util.regex.Pattern.compile("(Compiler|Arena Chunk) \\(reserved=\\d+KB, committed=(\\d+)KB").matcher(summary);
    long scratch = 0;
    while (jit.find()) scratch += Long.parseLong(jit.group(2)) * 1024;
    return new long[] {all.find() ? Long.parseLong(all.group(1)) * 1024 : -1, scratch};
}

// The resident size, and of it the part in the Java heap's reserved range (as jcmd GC.heap_info gives it).
long[] soakResident() throws Exception {
    var range = java.util.regex.Pattern.compile("\\[0x([0-9a-f]+), 0x([0-9a-f]+)\\)").matcher(soakJcmd("gcHeapInfo"));
    if (!range.find()) throw new IllegalStateException("no address range in GC.heap_info");
    long heapFrom = Long.parseUnsignedLong(range.group(1), 16), heapTo = Long.parseUnsignedLong(range.group(2), 16);
    var mapping = java.util.regex.Pattern.compile("([0-9a-f]+)-([0-9a-f]+) .*");
    long resident = 0, inHeap = 0;
    boolean heapMapping = false;
    for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/smaps"))) {
        var m = mapping.matcher(line);
        if (m.matches()) {
            heapMapping = Long.parseUnsignedLong(m.group(1), 16) >= heapFrom && Long.parseUnsignedLong(m.group(2), 16) <= heapTo;
        } else if (line.startsWith("Rss:")) {
            long bytes = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            resident += bytes;
            if (heapMapping) inHeap += bytes;
        }
    }
    return new long[] {resident, inHeap};
}

// One sample, as "name=value" pairs. First full collections until the JIT is quiet and has given its
// scratch memory back and native use has settled: ND4J frees an array's memory on its deallocator
// thread, after the collection that found the array unreachable. Native use outside the JVM is what
// glibc holds for the process (mallinfo2) less what the JVM itself has malloc'd, read between two glibc
// readings that agree. Then glibc gives its free memory back (malloc_trim: it keeps freed memory for
// later mallocs, and the JIT's arenas come and go by tens of MiB), so that the resident size shows what
// is in use, as the full collections do for the heap.
String soakMeasure() throws Exception {
    var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
    long outside = -1, compiling = -1, free = 0;
    for (int i = 0; i < 300; i++) {
        if (i % 10 == 0) System.gc();
        Thread.sleep(50);
        long jitTime = jit.getTotalCompilationTime();
        SoakMallInfo before = soakLibc.mallinfo2();
        long[] jvm = soakJvmMalloc();
        SoakMallInfo after = soakLibc.mallinfo2();
        long inUseBefore = before.uordblks + before.hblkhd, inUseAfter = after.uordblks + after.hblkhd;
        if (Math.abs(inUseAfter - inUseBefore) > 64 * 1024) continue; // something malloc'd meanwhile
        long now = (inUseBefore + inUseAfter) / 2 - jvm[0];
        boolean settled = jitTime == compiling && Math.abs(now - outside) < 64 * 1024 && jvm[1] < 4 << 20;
        outside = now;
        free = after.fordblks;
        compiling = jitTime;
        if (settled) break;
    }
    System.gc();
    var heap = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    soakLibc.malloc_trim(0);
    long[] resident = soakResident();
    long metaspace = 0, code = 0;
    for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getName().equals("Metaspace")) metaspace = pool.getUsage().getUsed();
        if (pool.getName().startsWith("CodeHeap")) code += pool.getUsage().getUsed();
    }
    return "heap=" + heap.getUsed() + " committed=" + heap.getCommitted() + " metaspace=" + metaspace + " code=" + code
            + " classes=" + java.lang.management.ManagementFactory.getClassLoadingMXBean().getLoadedClassCount()
            + " threads=" + java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount()
            + " native=" + outside + " malloc_free=" + free + " resident=" + resident[0] + " heap_resident=" + resident[1]
            + " models=" + soakModels.size() + " reachable=" + soakModels.stream().filter(r -> r.get() != null).count();
}
