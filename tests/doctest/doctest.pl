#!/usr/bin/perl
# The guides' transcripts, read and checked (tests/doctest/run.sh drives it).
#
#   doctest.pl plan  GUIDE.md WORK   write WORK/script.bash: every command of
#                                    every ```console block, in order
#   doctest.pl check GUIDE.md OUT    compare OUT (what script.bash printed)
#                                    with the output the guide shows
#
# A ```console block is a transcript: "# CMD" runs as root, "$ CMD" as a
# user without root (nobody, owner of the checkout, bin/ on its PATH); the
# lines after a command, up to the next one, are what it printed (stdout and
# stderr together, as on a terminal).  A command may go on over lines
# ending in "\".  A line "..." in the output stands for any number of lines
# (a guide leaves out what repeats), and "..." within a line any text.
# ```sh blocks are synopses with
# placeholders (DIR, ID) and are not run.
#
# What must vary from run to run is masked on both sides before they are
# compared: digests and ids, pids, times and dates, namespace inodes, the
# mkdtemp suffix, the directory the guide was run from, and runs of blanks.
# An HTML comment right before a block says more:
#   <!-- doctest: skip REASON -->   the block cannot run here, and why
#   <!-- doctest: mask REGEX -->    also mask what REGEX matches (repeatable)
#   <!-- doctest: guest v2 -->      run it in the pure cgroup v2 guest
#                                   (tests/vm/guest.sh; or v1, or systemd:
#                                   systemd as PID 1), after the
#                                   guide's other blocks, in one boot
use strict;
use warnings;

# Where the guides' transcripts were made: stands for the checkout.
my $DOC_TOP = '/work/main';

sub parse {
    my ($path) = @_;
    open(my $fh, '<', $path) or die "doctest: $path: $!\n";
    my @lines = <$fh>;
    close $fh;
    chomp @lines;
    my (@blocks, @pending);
    for (my $i = 0; $i < @lines; $i++) {
        my $l = $lines[$i];
        if ($l =~ /^<!--\s*doctest:\s*(skip|mask|guest)\s+(.*?)\s*-->\s*$/) {
            push @pending, [$1, $2];
            next;
        }
        if ($l =~ /^```(\S*)/) {
            my $lang = $1;
            my $start = $i + 1;
            my @body;
            for ($i++; $i < @lines && $lines[$i] !~ /^```\s*$/; $i++) {
                push @body, $lines[$i];
            }
            die "doctest: $path:$start: block never closed\n" if $i >= @lines;
            if ($lang eq 'console') {
                my $b = { line => $start, cmds => [], masks => [], skip => undef, where => 'host' };
                for my $d (@pending) {
                    if ($d->[0] eq 'skip') { $b->{skip} = $d->[1] }
                    elsif ($d->[0] eq 'mask') { push @{$b->{masks}}, $d->[1] }
                    elsif ($d->[1] =~ /^(v[12]|systemd)$/) { $b->{where} = $d->[1] }
                    else { die "doctest: $path:$start: guest $d->[1]: v1, v2 or systemd\n" }
                }
                my $cur;
                for (my $j = 0; $j < @body; $j++) {
                    my $t = $body[$j];
                    if ($t =~ /^([#\$]) (.*)$/) {
                        my ($who, $cmd) = ($1, $2);
                        my $first = $start + $j + 1;
                        while ($cmd =~ /\\$/ && $j + 1 < @body) {
                            $cmd .= "\n" . $body[++$j];
                        }
                        $cur = { who => $who, cmd => $cmd, line => $first, out => [] };
                        push @{$b->{cmds}}, $cur;
                    } elsif ($cur) {
                        push @{$cur->{out}}, $t;
                    } else {
                        die "doctest: $path:" . ($start + $j + 1)
                          . ": output before any command in a console block\n";
                    }
                }
                push @blocks, $b;
            } elsif (@pending) {
                die "doctest: $path:$start: a doctest comment before a block that is not \"console\"\n";
            }
            @pending = ();
            next;
        }
        die "doctest: $path:" . ($i + 1) . ": a doctest comment not followed by a block\n"
          if @pending && $l !~ /^\s*$/;
    }
    return @blocks;
}

sub shquote {
    my ($s) = @_;
    $s =~ s/'/'\\''/g;
    return "'$s'";
}

sub plan {
    my ($path, $work) = @_;
    my @blocks = parse($path);
    my %script;
    my $n = 0;
    for my $b (@blocks) {
        $n++;
        next if defined $b->{skip};
        my $c = 0;
        for my $cmd (@{$b->{cmds}}) {
            $c++;
            $script{$b->{where}} .= "printf '##doctest## $n $c\\n'\n";
            if ($cmd->{who} eq '#') {
                $script{$b->{where}} .= "$cmd->{cmd}\n";
            } else {
                $script{$b->{where}} .= "as_user " . shquote($cmd->{cmd}) . "\n";
            }
        }
    }
    for my $where (sort keys %script) {
        my $name = $where eq 'host' ? 'script.bash' : "guest-$where.bash";
        open(my $out, '>', "$work/$name") or die "doctest: $work/$name: $!\n";
        print $out <<'EOF';
# written by tests/doctest/doctest.pl: the guide's commands, in order
exec 2>&1
# "$ CMD": a user without root (nobody), who owns the checkout, as a
# learner owns theirs; minirunc's programs on PATH.
as_user() {
    setpriv --reuid=65534 --regid=65534 --clear-groups \
        env -i HOME=/tmp/user XDG_RUNTIME_DIR=/tmp/user/run LANG=C.UTF-8 \
        PATH="$DOCTEST_CWD/bin:/usr/local/bin:/usr/bin:/bin" DOCTEST_CWD="$DOCTEST_CWD" \
        bash -c 'cd "$DOCTEST_CWD" && eval "$1"' bash "$1"
}
EOF
        print $out $script{$where};
        print $out "printf '##doctest## end\\n'\n";
        # Whatever a guide leaves running in the background ends with it.
        print $out 'for p in $(jobs -p); do kill "$p" 2>/dev/null; done; wait' . "\n";
        close $out;
    }
}

sub mask {
    my ($text, $extra, $cwd) = @_;
    $text =~ s/\Q$cwd\E/<top>/g if defined $cwd;
    $text =~ s/\Q$DOC_TOP\E/<top>/g;
    $text =~ s/\b[0-9a-f]{64}\b/<digest>/g;
    $text =~ s/\b(?=[0-9a-f]*[a-f])[0-9a-f]{12,}\b/<id>/g;
    $text =~ s/\.old-root\.[A-Za-z0-9]{6}/.old-root.<tmp>/g;
    $text =~ s/\b(user|ipc|uts|net|pid|cgroup|time|mnt):\[\d+\]/$1:[<ino>]/g;
    $text =~ s/\b\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)?/<time>/g;
    $text =~ s/\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d+ +\d\d:\d\d\b/<date>/g;
    $text =~ s/\b\d+m\d+\.\d+s\b/<time>/g;
    $text =~ s/\b\d+(\.\d+)?(ms|s)\b/<time>/g;
    # pids: where a pid is named as one
    $text =~ s/\b(PID|pid|run-)([ =:]?)\d{2,}\b/$1$2<pid>/g;
    $text =~ s/("pid": )\d+/$1<pid>/g;
    $text =~ s/^(\S* ?clone3?\(.*\)) = \d+/$1 = <pid>/mg;
    $text =~ s/\becho \d+ > (\S*\/(cgroup\.procs|tasks))\b/echo <pid> > $1/g;
    $text =~ s/(\/proc\/)\d+\//$1<pid>\//g;
    $text =~ s/\r$//mg;    # a pty writes CR LF
    $text =~ s/[ \t]+/ /g;
    $text =~ s/ +$//mg;
    # a block's own masks last: they see single blanks and the masks above
    for my $re (@$extra) {
        $text =~ s/$re/<masked>/g;
    }
    return $text;
}

# The lines that differ, as diff -u shows them (a "..." line of the guide
# may show as removed although it matched).
sub diff {
    my ($a, $b) = @_;
    my $dir = $ENV{TMPDIR} // '/tmp';
    my ($fa, $fb) = ("$dir/doctest.$$.a", "$dir/doctest.$$.b");
    for ([$fa, $a], [$fb, $b]) {
        open(my $f, '>', $_->[0]) or die "doctest: $_->[0]: $!\n";
        print $f $_->[1];
        close $f;
    }
    my $d = `diff -U2 $fa $fb`;
    unlink $fa, $fb;
    $d =~ s/\A---[^\n]*\n\+\+\+[^\n]*\n//;
    return join '', map { "  $_\n" } split /\n/, $d;
}

sub check {
    my ($path, $outfiles, $cwd) = @_;
    my @blocks = parse($path);
    my $all = '';
    for my $outfile (split /,/, $outfiles) {
        open(my $fh, '<', $outfile) or die "doctest: $outfile: $!\n";
        local $/;
        $all .= <$fh>;
        $all =~ s/\r\n/\n/g;    # a pty, a guest's console: CR LF
        close $fh;
    }
    my %got;
    my ($key, $ended) = (undef, 0);
    # bash's notes on background jobs it ended (a terminal shows them at
    # the next prompt, in another form): not the guide's commands' output
    $all =~ s/^\S*script\.bash: line \d+: +\d+ (Killed|Terminated) .*\n//mg;
    for my $piece (split /^##doctest## /m, $all) {
        if ($piece =~ s/^(\d+ \d+|end)\n//) {
            $key = $1;
            $ended = 1 if $key eq 'end';
            $got{$key} = $piece unless $key eq 'end';
        }
    }
    my ($ok, $bad, $skipped, $n) = (0, 0, 0, 0);
    for my $b (@blocks) {
        $n++;
        if (defined $b->{skip}) {
            print "skip $path:$b->{line}: $b->{skip}\n";
            $skipped++;
            next;
        }
        my ($want, $have) = ('', '');
        my @pieces;    # [regex, the guide's line]
        my $c = 0;
        for my $cmd (@{$b->{cmds}}) {
            $c++;
            my $prompt = "$cmd->{who} $cmd->{cmd}\n";
            $want .= $prompt;
            $have .= $prompt;
            push @pieces, [quotemeta(mask($prompt, $b->{masks}, $cwd)), $prompt];
            for my $l (@{$cmd->{out}}) {
                $want .= "$l\n";
                if ($l eq '...') {
                    push @pieces, ['(?:[^\n]*\n)*?', "$l\n"];
                } else {
                    # "..." within a line: any text (cap_chown,...,cap_bpf)
                    push @pieces, [join('[^\n]*?', map { quotemeta } split /\.\.\./, mask("$l\n", $b->{masks}, $cwd), -1), "$l\n"];
                }
            }
            my $g = $got{"$n $c"};
            $g = "(not reached: the guide's script stopped before this command)\n" unless defined $g;
            $have .= $g;
        }
        my $masked = mask($have, $b->{masks}, $cwd);
        my $re = join '', map { $_->[0] } @pieces;
        if ($masked =~ /\A$re\z/) {
            print "ok   $path:$b->{line}" . ($b->{where} eq 'host' ? '' : " (in the $b->{where} guest)") . "\n";
            $ok++;
            next;
        }
        $bad++;
        print "FAIL $path:$b->{line}" . ($b->{where} eq 'host' ? '' : " (in the $b->{where} guest)") . "\n";
        if ($want !~ /\.\.\./) {
            print "  - the guide, + this run (both masked):\n";
            print diff(mask($want, $b->{masks}, $cwd), $masked);
            next;
        }
        # With "..." a diff says little: name the first line of the guide
        # that this run's output does not match, and what came there.
        my $k = 0;
        $k++ while $k < @pieces && $masked =~ /\A@{[join '', map { $_->[0] } @pieces[0 .. $k]]}/;
        my $prefix = join '', map { $_->[0] } @pieces[0 .. $k - 1];
        $masked =~ /\A$prefix/;
        my $rest = substr($masked, $+[0]);
        my @next = (split /\n/, $rest)[0 .. 4];
        print "  the guide's line not matched: ", ($k < @pieces ? $pieces[$k][1] : "(end)\n");
        print "  this run, from there (masked):\n";
        print map { defined $_ ? "  + $_\n" : '' } @next;
    }
    print "doctest: $path: $ok ok, $bad failed, $skipped skipped\n";
    return $bad ? 1 : 0;
}

my $mode = shift // '';
if ($mode eq 'plan' && @ARGV == 2) {
    plan(@ARGV);
} elsif ($mode eq 'check' && (@ARGV == 2 || @ARGV == 3)) {
    exit check(@ARGV);
} elsif ($mode eq 'count' && @ARGV == 1) {
    my @b = parse($ARGV[0]);
    print scalar(@b), "\n";
} else {
    print STDERR "usage: doctest.pl plan GUIDE.md WORK | check GUIDE.md OUT[,OUT...] [CWD] | count GUIDE.md\n";
    exit 2;
}
