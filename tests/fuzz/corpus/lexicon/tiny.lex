evmatch-lexicon 1
[framework]
id: t
name: T
[competency]
name: C
[indicator]
id: t.1
competency: C
polarity: effective
text: x
  continued
