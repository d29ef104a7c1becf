namespace MmaGan.Models;
