// The CLR entity types of the large-model history (LargeModelPlan): 120 types, of which 80 exist at the
// start and the rest are added by the history. Generated names; the shape (a base class, shadow columns and
// shadow foreign keys configured by the plan) is what matters for the Designer files.
namespace Sample.Large;

#pragma warning disable CA1711, CA1724, SA1402, SA1649 // Many small types of a sample domain in one file.

public sealed class Entity000 : Sample.EntityBase;

public sealed class Entity001 : Sample.EntityBase;

public sealed class Entity002 : Sample.EntityBase;

public sealed class Entity003 : Sample.EntityBase;

public sealed class Entity004 : Sample.EntityBase;

public sealed class Entity005 : Sample.EntityBase;

public sealed class Entity006 : Sample.EntityBase;

public sealed class Entity007 : Sample.EntityBase;

public sealed class Entity008 : Sample.EntityBase;

public sealed class Entity009 : Sample.EntityBase;

public sealed class Entity010 : Sample.EntityBase;

public sealed class Entity011 : Sample.EntityBase;

public sealed class Entity012 : Sample.EntityBase;

public sealed class Entity013 : Sample.EntityBase;

public sealed class Entity014 : Sample.EntityBase;

public sealed class Entity015 : Sample.EntityBase;

public sealed class Entity016 : Sample.EntityBase;

public sealed class Entity017 : Sample.EntityBase;

public sealed class Entity018 : Sample.EntityBase;

public sealed class Entity019 : Sample.EntityBase;

public sealed class Entity020 : Sample.EntityBase;

public sealed class Entity021 : Sample.EntityBase;

public sealed class Entity022 : Sample.EntityBase;

public sealed class Entity023 : Sample.EntityBase;

public sealed class Entity024 : Sample.EntityBase;

public sealed class Entity025 : Sample.EntityBase;

public sealed class Entity026 : Sample.EntityBase;

public sealed class Entity027 : Sample.EntityBase;

public sealed class Entity028 : Sample.EntityBase;

public sealed class Entity029 : Sample.EntityBase;

public sealed class Entity030 : Sample.EntityBase;

public sealed class Entity031 : Sample.EntityBase;

public sealed class Entity032 : Sample.EntityBase;

public sealed class Entity033 : Sample.EntityBase;

public sealed class Entity034 : Sample.EntityBase;

public sealed class Entity035 : Sample.EntityBase;

public sealed class Entity036 : Sample.EntityBase;

public sealed class Entity037 : Sample.EntityBase;

public sealed class Entity038 : Sample.EntityBase;

public sealed class Entity039 : Sample.EntityBase;

public sealed class Entity040 : Sample.EntityBase;

public sealed class Entity041 : Sample.EntityBase;

public sealed class Entity042 : Sample.EntityBase;

public sealed class Entity043 : Sample.EntityBase;

public sealed class Entity044 : Sample.EntityBase;

public sealed class Entity045 : Sample.EntityBase;

public sealed class Entity046 : Sample.EntityBase;

public sealed class Entity047 : Sample.EntityBase;

public sealed class Entity048 : Sample.EntityBase;

public sealed class Entity049 : Sample.EntityBase;

public sealed class Entity050 : Sample.EntityBase;

public sealed class Entity051 : Sample.EntityBase;

public sealed class Entity052 : Sample.EntityBase;

public sealed class Entity053 : Sample.EntityBase;

public sealed class Entity054 : Sample.EntityBase;

public sealed class Entity055 : Sample.EntityBase;

public sealed class Entity056 : Sample.EntityBase;

public sealed class Entity057 : Sample.EntityBase;

public sealed class Entity058 : Sample.EntityBase;

public sealed class Entity059 : Sample.EntityBase;

public sealed class Entity060 : Sample.EntityBase;

public sealed class Entity061 : Sample.EntityBase;

public sealed class Entity062 : Sample.EntityBase;

public sealed class Entity063 : Sample.EntityBase;

public sealed class Entity064 : Sample.EntityBase;

public sealed class Entity065 : Sample.EntityBase;

public sealed class Entity066 : Sample.EntityBase;

public sealed class Entity067 : Sample.EntityBase;

public sealed class Entity068 : Sample.EntityBase;

public sealed class Entity069 : Sample.EntityBase;

public sealed class Entity070 : Sample.EntityBase;

public sealed class Entity071 : Sample.EntityBase;

public sealed class Entity072 : Sample.EntityBase;

public sealed class Entity073 : Sample.EntityBase;

public sealed class Entity074 : Sample.EntityBase;

public sealed class Entity075 : Sample.EntityBase;

public sealed class Entity076 : Sample.EntityBase;

public sealed class Entity077 : Sample.EntityBase;

public sealed class Entity078 : Sample.EntityBase;

public sealed class Entity079 : Sample.EntityBase;

public sealed class Entity080 : Sample.EntityBase;

public sealed class Entity081 : Sample.EntityBase;

public sealed class Entity082 : Sample.EntityBase;

public sealed class Entity083 : Sample.EntityBase;

public sealed class Entity084 : Sample.EntityBase;

public sealed class Entity085 : Sample.EntityBase;

public sealed class Entity086 : Sample.EntityBase;

public sealed class Entity087 : Sample.EntityBase;

public sealed class Entity088 : Sample.EntityBase;

public sealed class Entity089 : Sample.EntityBase;

public sealed class Entity090 : Sample.EntityBase;

public sealed class Entity091 : Sample.EntityBase;

public sealed class Entity092 : Sample.EntityBase;

public sealed class Entity093 : Sample.EntityBase;

public sealed class Entity094 : Sample.EntityBase;

public sealed class Entity095 : Sample.EntityBase;

public sealed class Entity096 : Sample.EntityBase;

public sealed class Entity097 : Sample.EntityBase;

public sealed class Entity098 : Sample.EntityBase;

public sealed class Entity099 : Sample.EntityBase;

public sealed class Entity100 : Sample.EntityBase;

public sealed class Entity101 : Sample.EntityBase;

public sealed class Entity102 : Sample.EntityBase;

public sealed class Entity103 : Sample.EntityBase;

public sealed class Entity104 : Sample.EntityBase;

public sealed class Entity105 : Sample.EntityBase;

public sealed class Entity106 : Sample.EntityBase;

public sealed class Entity107 : Sample.EntityBase;

public sealed class Entity108 : Sample.EntityBase;

public sealed class Entity109 : Sample.EntityBase;

public sealed class Entity110 : Sample.EntityBase;

public sealed class Entity111 : Sample.EntityBase;

public sealed class Entity112 : Sample.EntityBase;

public sealed class Entity113 : Sample.EntityBase;

public sealed class Entity114 : Sample.EntityBase;

public sealed class Entity115 : Sample.EntityBase;

public sealed class Entity116 : Sample.EntityBase;

public sealed class Entity117 : Sample.EntityBase;

public sealed class Entity118 : Sample.EntityBase;

public sealed class Entity119 : Sample.EntityBase;
