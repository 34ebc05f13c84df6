# Shared by the benchmark scripts (sourced, from the repository root).

# write_section FILE: puts FILE into BENCHMARKS.md in place of the section whose "## " heading
# is FILE's first line (appended when there is none); the other sections belong to other
# benchmarks and stay as they are.
write_section() {
  local section=$1 heading
  heading=$(head -n 1 "$section")
  [ -f BENCHMARKS.md ] || printf '# Benchmarks\n' >BENCHMARKS.md
  awk -v section="$section" -v heading="$heading" '
    $0 == heading { skipping = 1; while ((getline line < section) > 0) print line; done = 1; next }
    skipping && /^## / { skipping = 0 }
    !skipping { print }
    END { if (!done) { print ""; while ((getline line < section) > 0) print line } }
  ' BENCHMARKS.md >BENCHMARKS.md.new
  mv BENCHMARKS.md.new BENCHMARKS.md
  echo "wrote BENCHMARKS.md"
}
