#!/usr/bin/perl
# The holes of the classroom labs (docs/labs.md), read from the source.
#
# A hole is a function whose comment, right above it, has
#
#     LAB <id>: <the chapter's step>
#      hint: <what to write; lines go on>
#      trace: <the trace line the step prints>
#      returns: <what the stub returns after lab_todo(); -1 when absent>
#      guide: docs/NN-topic.md#anchor
#
#   lab.pl list FILE...    one line per hole: chapter, id, step, guide,
#                          trace, hint (tab-separated)
#   lab.pl stub FILE       FILE rewritten in place: each hole's body
#                          replaced by a lab_todo() call that fails with the
#                          step's name; the comment, and so the hint, stay
#   lab.pl fill SOLUTION STUDENT ID
#                          hole ID of STUDENT given SOLUTION's body (how the
#                          tests fill a student tree one hole at a time)
use strict;
use warnings;

my $mode = shift // '';

# Each hole of a file: its fields, and the line numbers of its body.
sub holes {
    my ($file, $lines) = @_;
    my @holes;
    for (my $i = 0; $i < @$lines; $i++) {
        next unless $lines->[$i] =~ m{^\s*(?:/\*|\*)\s*LAB ([a-z0-9-]+): (.*?)\s*$};
        my %h = (id => $1, step => $2, file => $file, returns => '-1');
        my $key = '';
        my $j = $i + 1;
        # The rest of the comment: "key: text" lines and their continuations.
        for (; $j < @$lines; $j++) {
            chomp(my $l = $lines->[$j]);
            my $end = $l =~ s{\s*\*/\s*$}{};
            $l =~ s{^\s*\*\s?}{};
            if ($l =~ /^\s*(hint|trace|returns|guide):\s*(.*)$/) {
                ($key, $h{$1}) = ($1, $2);
            } elsif ($key && $l =~ /\S/) {
                $l =~ s/^\s+//;
                $h{$key} .= " $l";
            }
            last if $end;
        }
        for my $k (qw(hint trace guide)) {
            die "$file: LAB $h{id}: no \"$k:\" line in its comment\n" unless $h{$k};
        }
        # The signature runs up to a line that is "{"; the body ends at the
        # first line that is "}" (the project's style, as in the kernel's).
        my $sig = '';
        for ($j++; $j < @$lines && $lines->[$j] !~ /^\{\s*$/; $j++) { $sig .= $lines->[$j]; }
        die "$file: LAB $h{id}: no function below its comment\n" if $j >= @$lines;
        $h{open} = $j;
        for ($j++; $j < @$lines && $lines->[$j] !~ /^\}\s*$/; $j++) {}
        die "$file: LAB $h{id}: the function has no closing brace\n" if $j >= @$lines;
        $h{close} = $j;
        $sig =~ s/\s+/ /g;
        $sig =~ /\((.*)\)\s*$/ or die "$file: LAB $h{id}: cannot read the parameters of: $sig\n";
        my @params;
        for my $p (split /,/, $1) {
            $p =~ s/\[[^\]]*\]//g;
            next if $p =~ /^\s*void\s*$/;
            $p =~ /(\w+)\s*$/ and push @params, $1;
        }
        $h{params} = \@params;
        $h{chapter} = ($file =~ m{(?:^|/)(\d\d-[a-z]+|combined)/[^/]+$})[0] // '?';
        push @holes, \%h;
        $i = $j;
    }
    return @holes;
}

sub read_lines {
    my ($file) = @_;
    open my $fh, '<', $file or die "$file: $!\n";
    my @l = <$fh>;
    close $fh;
    return \@l;
}

sub c_string { my ($s) = @_; $s =~ s/(["\\])/\\$1/g; return "\"$s\""; }

if ($mode eq 'list') {
    for my $file (@ARGV) {
        for my $h (holes($file, read_lines($file))) {
            print join("\t", $h->{chapter}, $h->{id}, $h->{step}, $h->{guide}, $h->{trace},
                       $h->{hint}), "\n";
        }
    }
} elsif ($mode eq 'stub') {
    my $file = shift or die "usage: lab.pl stub FILE\n";
    my $lines = read_lines($file);
    my @holes = holes($file, $lines);
    exit 0 unless @holes;
    for my $h (reverse @holes) {
        my @body = ("{\n",
            "    /* TODO: your code here (the comment above says what it does);\n",
            "     * check it with: make check CHAPTER=$h->{chapter} STEP=$h->{id} */\n");
        push @body, "    (void)$_;\n" for @{$h->{params}};
        my $call = "lab_todo(" . c_string("$h->{step}") . ", " . c_string($h->{guide}) . ")";
        push @body, $h->{returns} eq '-1' ? "    return $call;\n"
                                          : "    return $call, $h->{returns};\n";
        push @body, "}\n";
        splice @$lines, $h->{open}, $h->{close} - $h->{open} + 1, @body;
    }
    # lab_todo() is declared in common/lab.h: after the file's first include.
    for my $i (0 .. $#$lines) {
        if ($lines->[$i] =~ /^#include /) { splice @$lines, $i + 1, 0, "#include \"lab.h\"\n"; last; }
    }
    open my $out, '>', $file or die "$file: $!\n";
    print $out @$lines;
    close $out;
} elsif ($mode eq 'fill') {
    my ($solution, $student, $id) = @ARGV;
    die "usage: lab.pl fill SOLUTION STUDENT ID\n" unless defined $id;
    my $sol = read_lines($solution);
    my $stu = read_lines($student);
    my ($from) = grep { $_->{id} eq $id } holes($solution, $sol);
    my ($to) = grep { $_->{id} eq $id } holes($student, $stu);
    die "$solution: no hole $id\n" unless $from;
    die "$student: no hole $id\n" unless $to;
    splice @$stu, $to->{open}, $to->{close} - $to->{open} + 1,
        @$sol[$from->{open} .. $from->{close}];
    open my $out, '>', $student or die "$student: $!\n";
    print $out @$stu;
    close $out;
} else {
    die "usage: lab.pl list FILE... | lab.pl stub FILE | lab.pl fill SOLUTION STUDENT ID\n";
}
