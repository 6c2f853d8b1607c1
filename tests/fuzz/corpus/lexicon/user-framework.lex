# A user's own framework: the shape lexicon/README.md documents.
evmatch-lexicon 1

[framework]
id: acme-values
name: Acme Council Values
unit: value
grades: Scale 1, Scale 2, Scale 3, Manager, Head of Service

[level]
id: staff
label: All staff
rank: 1
grades: Scale 1, Scale 2, Scale 3

[level]
id: lead
label: Leaders
rank: 2
grades: Manager, Head of Service

[competency]
name: Customer First
cluster: Serving Residents
definition: Puts residents' needs at the centre of how services are delivered.

[competency]
id: acme-values.one-team
name: One Team
definition: Works across service boundaries to get things done.

[sub-competency]
competency: One Team
name: Sharing
renamed: Pooling
renamed-at: lead

[level]
competency: Customer First
id: lead
grades: Head of Service
definition: Sets service standards that residents can hold the council to.

[indicator]
id: acme-values.customer-first.staff.01
competency: Customer First
level: staff
polarity: effective
text: Returns residents' calls within one working day.

[indicator]
id: acme-values.customer-first.staff.02
competency: Customer First
level: staff
polarity: ineffective
text: Leaves residents without an update on their case.

[indicator]
id: acme-values.one-team.lead.01
competency: One Team
sub-competency: Pooling
level: lead
polarity: overdone
text: Pools every budget line, so no manager owns a result.

[indicator]
id: acme-values.one-team.any.01
competency: One Team
polarity: underdone
text: Keeps information to their own team.
reconstructed: no
