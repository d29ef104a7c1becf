namespace MmaGan.Shared;
